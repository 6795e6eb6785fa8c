# Conformance case (issue 11, "Why"): Convolution2D with Keras 2 arguments (filters,
# kernel_size, padding=) is a 3x3 convolution, not Keras 1's nb_row/nb_col.
# generations: 2, 3
from keras.models import Sequential
from keras.layers import Convolution2D, MaxPooling2D, Flatten, Dense

model = Sequential()
model.add(Convolution2D(16, 3, padding="same", input_shape=(64, 64, 1)))
model.add(MaxPooling2D())
model.add(Convolution2D(32, (3, 3), activation="relu"))
model.add(Flatten())
model.add(Dense(10, activation="softmax"))
