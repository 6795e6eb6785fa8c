# Conformance case: a convolution's kernel is sized by its input's channel axis; None
# (unknown until the model runs) makes both Keras generations raise (KC106) at line 9.
# generations: 2, 3
import keras
from keras import layers

inputs = keras.Input(shape=(16, None))
x = layers.Reshape((16, -1))(inputs)
x = layers.SeparableConv1D(8, 3)(x)
model = keras.Model(inputs, x)
