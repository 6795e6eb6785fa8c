"""Custom layers defined in the file: weights from build(), the output from call(), sublayers counted."""
import keras
from keras import layers, ops


class Gate(layers.Layer):
    def build(self, input_shape):
        self.w = self.add_weight(shape=(input_shape[-1], input_shape[-1]))

    def call(self, x):
        return x * keras.ops.sigmoid(keras.ops.matmul(x, self.w))


class ScaledBlock(layers.Layer):
    def __init__(self, units, **kwargs):
        super().__init__(**kwargs)
        self.dense = layers.Dense(units)
        self.norm = layers.LayerNormalization()

    def build(self, input_shape):
        self.scale = self.add_weight(shape=(1,), trainable=False, initializer="ones")

    def call(self, x):
        return self.norm(self.dense(x)) * self.scale


inputs = keras.Input((10, 6))
x = layers.Dense(8)(inputs)
x = Gate()(x)
x = ScaledBlock(12)(x)
pooled = layers.Lambda(lambda t: ops.mean(t, axis=1))(x)
model = keras.Model(inputs, layers.Dense(1)(pooled))
