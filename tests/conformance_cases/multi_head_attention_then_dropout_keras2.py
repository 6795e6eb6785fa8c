# Conformance case (found by the benchmark under Keras 2, seed 1000732): Keras 3's
# MultiHeadAttention creates a Dropout of its own first, so the model's Dropout is named
# dropout_1; Keras 2's does not take the name: there it is dropout.
# generations: 2, 3
import keras
from keras import layers

inputs = keras.Input(shape=(20, 16))
x = layers.MultiHeadAttention(4, 8)(inputs, inputs)
x = layers.Dropout(0.1)(x)
x = layers.GlobalAveragePooling1D()(x)
outputs = layers.Dense(2)(x)
model = keras.Model(inputs, outputs)
