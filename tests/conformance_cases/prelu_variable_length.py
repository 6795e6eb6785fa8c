# Conformance case (found by the generator, seeds 100025, 100203): PReLU learns one
# alpha per input element, so a variable-length axis cannot be built: Keras raises at
# the add (shared_axes=[1] would fix it).
# generations: 2, 3
import keras
from keras import layers

model = keras.Sequential()
model.add(keras.Input(shape=(None,)))
model.add(layers.Embedding(1000, 32))
model.add(layers.PReLU())
model.add(layers.SimpleRNN(16))
model.add(layers.Dense(1, activation="sigmoid"))
