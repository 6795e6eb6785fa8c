"""A residual network written for Keras 3: the shortcut's projection depends on the tensor's width."""
import keras
from keras import layers


def stage(x, width, stride):
    shortcut = x
    x = layers.Conv2D(width, 3, strides=stride, padding="same")(x)
    x = layers.Conv2D(width, 3, padding="same")(x)
    if stride > 1 or shortcut.shape[-1] != width:
        shortcut = layers.Conv2D(width, 1, strides=stride)(shortcut)
    return layers.add([x, shortcut])


inputs = keras.Input((32, 32, 3))
x = layers.Conv2D(16, 3, padding="same")(inputs)
for width, stride in [(16, 1), (16, 1), (32, 2), (64, 2)]:
    x = stage(x, width, stride)
x = layers.GlobalAveragePooling2D()(x)
model = keras.Model(inputs, layers.Dense(10, activation="softmax")(x))
