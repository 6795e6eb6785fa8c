# Conformance case (issue 11, "Why"): Embedding(input_dim=..., output_dim=...) keywords
# after an Input, then an LSTM; built by both generations.
# generations: 2, 3
import keras
from keras import layers

model = keras.Sequential([
    keras.Input(shape=(10,)),
    layers.Embedding(input_dim=1000, output_dim=64),
    layers.LSTM(32),
    layers.Dense(1, activation="sigmoid"),
])
