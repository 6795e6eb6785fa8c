"""CIFAR-10 flattened and reshaped with -1, and a global channels_first setting."""
import keras
from keras import backend as K
from keras import layers
from keras.datasets import cifar10

(x_train, y_train), (x_test, y_test) = cifar10.load_data()
flat = x_train.reshape(-1, 32 * 32 * 3) / 255.0
images = flat.reshape(-1, 32, 32, 3)

dense_model = keras.Sequential([
    keras.Input(shape=(flat.shape[1],)),
    layers.Dense(256, activation="relu"),
    layers.Dense(10, activation="softmax"),
])

K.set_image_data_format("channels_first")
conv_model = keras.Sequential([
    keras.Input(shape=(3, 32, 32)),
    layers.Conv2D(16, 3),
    layers.MaxPooling2D(2),
    layers.GlobalAveragePooling2D(),
    layers.Dense(10),
])
K.set_image_data_format("channels_last")
