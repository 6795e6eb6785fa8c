# Conformance case (found by the generator under Keras 2): the Input of a functional
# model is named input_1 by Keras 2 and input_layer by Keras 3.
# generations: 2, 3
import keras
from keras import layers

inputs = keras.Input(shape=(13,))
x = layers.Dense(32, activation="relu")(inputs)
outputs = layers.Dense(1)(x)
model = keras.Model(inputs=inputs, outputs=outputs)
