"""Keras 3 spelling: an embedding + stacked recurrent sentiment classifier."""
import keras
from keras import layers

max_features = 20000
maxlen = 200

model = keras.Sequential(
    [
        keras.Input(shape=(maxlen,), dtype="int32"),
        layers.Embedding(max_features, 128),
        layers.LSTM(64, return_sequences=True),
        layers.GRU(32, return_sequences=True),
        layers.SimpleRNN(16),
        layers.Dense(1, activation="sigmoid"),
    ],
    name="sentiment",
)
model.summary()
