# Conformance case (issue 11, "Why"): GRU(8, input_dim=5) as the first layer.
# Keras 2 reads input_dim as the features per step (input (None, None, 5)) and builds
# it; Keras 3 reads it as input_shape=(5,) and raises at the add: a 2D input to a GRU.
# generations: 2, 3
from keras.models import Sequential
from keras.layers import GRU, Dense

model = Sequential()
model.add(GRU(8, input_dim=5))
model.add(Dense(1))
