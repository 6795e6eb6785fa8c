"""A model-building class: sizes on self, the decoder sized from the encoder's output shape."""
import keras
from keras import layers


class Autoencoder:
    def __init__(self, side=28, code=16):
        self.side, self.code = side, code
        self.model = self.build()

    def build(self):
        inp = keras.Input((self.side, self.side, 1))
        x = layers.Conv2D(8, 3, strides=2, padding="same")(inp)
        shape = keras.backend.int_shape(x)
        x = layers.Dense(self.code)(layers.Flatten()(x))
        x = layers.Dense(shape[1] * shape[2] * shape[3])(x)
        x = layers.Reshape(shape[1:])(x)
        return keras.Model(inp, layers.Conv2DTranspose(1, 3, strides=2, padding="same")(x))


if __name__ == "__main__":
    ae = Autoencoder()
