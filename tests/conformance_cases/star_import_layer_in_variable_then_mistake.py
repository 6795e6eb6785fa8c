# Conformance case (found by the generator, seeds 100229, 100251): with
# `from tensorflow.keras.layers import *`, after a layer held in a variable, a
# SimpleRNN on a 2D tensor: Keras raises at that line.
# generations: 2, 3
from tensorflow.keras.layers import *
from tensorflow.keras.models import Model

inputs = Input(shape=(20,))
x = Dense(16)(inputs)
act = Activation("relu")
act.trainable = False
x = act(x)
x = SimpleRNN(32)(x)
model = Model(inputs, x)
