"""A custom layer kerascheck cannot see into: shapes become unknown after it, no errors."""
import keras
from keras import layers


class Patches(layers.Layer):
    def __init__(self, patch_size):
        super().__init__()
        self.patch_size = patch_size

    def call(self, images):
        return keras.ops.image.extract_patches(images, self.patch_size)


model = keras.Sequential([
    keras.Input(shape=(72, 72, 3)),
    layers.Conv2D(8, 3),
    Patches(6),
    layers.Dense(32),
    layers.Flatten(),
    layers.Dense(10),
])
