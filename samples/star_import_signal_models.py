"""Star imports, `layers as L`, 1D and 3D convolutions, global pooling, channels_first."""
from keras.layers import *
from keras import layers as L
from keras.models import Sequential


class Model1D:
    def build(self, steps=128, features=9):
        net = Sequential()
        net.add(Conv1D(64, 3, activation="relu", input_shape=(128, 9)))
        net.add(Conv1D(64, 3, strides=2, padding="same", activation="relu"))
        net.add(MaxPooling1D(pool_size=2))
        net.add(Conv1D(32, 5, dilation_rate=2, padding="causal"))
        net.add(GlobalAveragePooling1D())
        net.add(Dense(6, activation="softmax"))
        return net


volumes = Sequential([
    L.Conv3D(8, (3, 3, 3), input_shape=(16, 32, 32, 1)),
    L.MaxPooling3D(pool_size=2),
    L.AveragePooling3D(pool_size=(1, 2, 2)),
    L.GlobalMaxPooling3D(),
    L.Dense(2),
])

channels_first = Sequential([
    L.Conv2D(16, 3, data_format="channels_first", input_shape=(3, 32, 32)),
    L.MaxPooling2D(2, data_format="channels_first"),
    L.BatchNormalization(axis=1),
    L.GlobalAveragePooling2D(data_format="channels_first", keepdims=True),
    L.Reshape((16,)),
    L.Dense(4),
])
