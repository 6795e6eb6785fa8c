# Conformance case (issue 11, "Why"): a frozen layer wrapped in Bidirectional: both
# directions' weights are non-trainable.
# generations: 2, 3
import keras
from keras import layers

lstm = layers.LSTM(4)
lstm.trainable = False
model = keras.Sequential([
    keras.Input(shape=(20, 8)),
    layers.Bidirectional(lstm),
    layers.Dense(1),
])
