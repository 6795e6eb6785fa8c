# Conformance case (issue 11, "Why", similar): the Bidirectional wrapper itself frozen,
# in a functional model, next to a frozen TimeDistributed(Dense) and a frozen GRU.
# generations: 2, 3
import keras
from keras import layers

inputs = keras.Input(shape=(30, 16))
dense = layers.Dense(8)
dense.trainable = False
x = layers.TimeDistributed(dense)(inputs)
bi = layers.Bidirectional(layers.GRU(6, return_sequences=True))
bi.trainable = False
x = bi(x)
gru = layers.GRU(5)
gru.trainable = False
x = gru(x)
outputs = layers.Dense(2)(x)
model = keras.Model(inputs, outputs)
