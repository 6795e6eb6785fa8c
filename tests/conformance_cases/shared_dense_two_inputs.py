# Conformance case (found by the generator, seed 200101, without its star import):
# one Dense held in a variable and called on two inputs (weights counted once).
# generations: 2, 3
import keras
from keras import layers

left = keras.Input(shape=(10, 1))
right = keras.Input(shape=(32,))
x = layers.SimpleRNN(32)(left)
shared = layers.Dense(64, activation="relu")
a = shared(x)
b = shared(right)
x = layers.Multiply()([a, b])
outputs = layers.Dense(10, activation="softmax")(x)
model = keras.Model([left, right], outputs)
