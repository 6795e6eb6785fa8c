# Conformance case (issue 11, "Why"): Embedding's own input_dim/output_dim keywords and
# Keras 2's input_length on the first layer of a Sequential, then an LSTM.
# Keras 2 builds it ((None, 10, 64) into the LSTM); Keras 3 ignores input_length
# and leaves the model unbuilt: no error either way.
# generations: 2, 3
from keras.models import Sequential
from keras.layers import Embedding, LSTM, Dense

model = Sequential()
model.add(Embedding(input_dim=1000, output_dim=64, input_length=10))
model.add(LSTM(32))
model.add(Dense(1, activation="sigmoid"))
