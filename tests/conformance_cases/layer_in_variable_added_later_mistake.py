# Conformance case (found by the generator, seed 200260): a layer built earlier, held
# in a variable, added to a Sequential where its input has the wrong rank: Keras raises
# at the model.add line, not where the layer was constructed.
# generations: 2, 3
import keras
from keras import layers

lstm = layers.LSTM(32)
model = keras.Sequential()
model.add(keras.Input(shape=(64,)))
model.add(layers.Dense(16))
model.add(lstm)
