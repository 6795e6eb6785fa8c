# Conformance case (found by the generator, seeds 100067, 100275): with
# `from keras.layers import *`, a layer held in a variable (here frozen) and then
# called on a tensor of a functional model.
# generations: 2, 3
from keras.layers import *
from keras.models import Sequential, Model

inputs = Input(shape=(32, 32, 3))
pool = MaxPooling2D(pool_size=2, padding="same")
pool.trainable = False
x = pool(inputs)
x = GlobalMaxPooling2D()(x)
outputs = Dense(100, activation="softmax")(x)
model = Model(inputs, outputs)
