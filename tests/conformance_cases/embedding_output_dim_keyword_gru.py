# Conformance case (issue 11, "Why"): Embedding's output_dim= keyword is not a Keras 1
# hint: the GRU later in the file has today's parameter count (reset_after=True).
# generations: 2, 3
from keras.models import Sequential
from keras.layers import Input, Embedding, GRU, Dense

model = Sequential()
model.add(Input(shape=(100,)))
model.add(Embedding(input_dim=5000, output_dim=32))
model.add(Dense(16))
model.add(GRU(64))
model.add(Dense(1, activation="sigmoid"))
