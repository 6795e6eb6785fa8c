"""Layer classes as values: an alias, functools.partial, a class passed as an argument, getattr, **kwargs."""
import functools

import keras
from keras import layers, ops

RNN = layers.LSTM
Conv = functools.partial(layers.Conv2D, padding="same", activation="relu")


def block(x, filters, conv_cls=layers.Conv2D, **cfg):
    x = conv_cls(filters, 3, **cfg)(x)
    return getattr(layers, "BatchNormalization")()(x)


def mean_over_time(t):
    return ops.mean(t, axis=1)


inputs = keras.Input((32, 32, 3))
x = Conv(16, 3)(inputs)
size = (2, 2)
x = layers.MaxPooling2D(*size)(x)
x = block(x, 8, padding="same")
x = layers.Reshape((16 * 16, 8))(x)
y = RNN(4, return_sequences=True)(x)
last = layers.Lambda(lambda t: t[:, -1, :] * 2)(y)
mean = layers.Lambda(mean_over_time)(y)
model = keras.Model(inputs, layers.Concatenate()([last, mean]))
