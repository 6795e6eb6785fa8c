"""Reshape with -1 after an Embedding, and Activation layers."""
from tensorflow.keras import layers
from tensorflow.keras.models import Sequential

vocabulary_size, embedding_dim, sequence_length = 5000, 50, 40

model = Sequential()
model.add(layers.Input(shape=(sequence_length,)))
model.add(layers.Embedding(vocabulary_size, embedding_dim))
model.add(layers.Reshape((sequence_length, embedding_dim, 1)))
model.add(layers.Conv2D(32, (3, embedding_dim), activation="relu"))
model.add(layers.Reshape((-1, 32)))
model.add(layers.GlobalMaxPooling1D())
model.add(layers.Dense(64))
model.add(layers.Activation("relu"))
model.add(layers.Dropout(0.5))
model.add(layers.Dense(3, activation="softmax"))
