# Conformance case: keras.ops' tensor constructors (zeros, ones, full, arange) inside a
# layer's call are constants whose shapes broadcast with the input's.
# generations: 3
import keras
from keras import layers, ops


class Shifted(layers.Layer):
    def call(self, inputs):
        bias = ops.ones((1, 16)) + ops.zeros((16,))
        scale = ops.full((4, 1), 2.0)
        steps = ops.expand_dims(ops.arange(16), 0)
        return inputs * scale + bias + ops.cast(steps, "float32")


inputs = keras.Input(shape=(4, 16))
x = Shifted()(inputs)
x = layers.Flatten()(x)
outputs = layers.Dense(3)(x)
model = keras.Model(inputs, outputs)
