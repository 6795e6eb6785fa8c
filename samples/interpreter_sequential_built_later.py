"""Sequential models without an input: built by model.build(), or by a first call on data."""
import keras
import numpy as np
from keras import layers

regressor = keras.Sequential([layers.Dense(16, activation="relu"), layers.Dense(1)])
regressor.build((None, 13))

probe = keras.Sequential([layers.Dense(4), layers.Dense(1)])
predictions = probe(np.zeros((2, 13)))
