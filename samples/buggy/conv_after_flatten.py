"""A Conv2D placed after Flatten: it needs a 4D input and gets a 2D one."""
from keras.models import Sequential
from keras.layers import Conv2D, Flatten, Dense

model = Sequential()
model.add(Conv2D(32, (3, 3), input_shape=(32, 32, 3)))
model.add(Flatten())
model.add(Conv2D(64, (3, 3)))
model.add(Dense(10))
