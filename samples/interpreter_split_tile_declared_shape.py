"""Tensor operations with several outputs and a custom layer that declares compute_output_shape."""
import keras
from keras import layers, ops


class Patches(layers.Layer):
    def __init__(self, size, **kwargs):
        super().__init__(**kwargs)
        self.size = size

    def call(self, images):
        return ops.reshape(images, (-1, 64, self.size * self.size * 3))

    def compute_output_shape(self, input_shape):
        return (input_shape[0], 64, self.size * self.size * 3)


inputs = keras.Input((32, 32, 3))
patches = Patches(4)(inputs)
left, right = ops.split(patches, 2, axis=-1)
wide = ops.tile(left, (1, 1, 2))
tall = ops.repeat(right, 2, axis=1)
x = layers.Dense(8)(wide)
y = layers.Dense(8)(tall)
model = keras.Model(inputs, [x, y])
