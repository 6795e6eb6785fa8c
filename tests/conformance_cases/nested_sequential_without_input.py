# Conformance case (found by the generator, seed 1): a Sequential with no input of its
# own, called on a tensor of a functional model: it is built by that call.
# generations: 2, 3
import keras
from keras import layers

encoder = keras.Sequential([layers.GlobalAveragePooling2D(), layers.Dense(units=64, activation='relu')], name='encoder')

inputs = keras.Input(shape=(32, 16, 3))
x = layers.Conv2D(filters=32, kernel_size=(3, 3), strides=2, padding='same')(inputs)
x = encoder(x)
outputs = layers.Dense(units=2, activation='softmax')(x)
model = keras.Model(inputs, outputs)
