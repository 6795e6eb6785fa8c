"""Seed 003: a conv stack ending in a Dense applied to a 4D tensor.
896 / 18,496 / 73,856 / 1,290 params; the Dense keeps the spatial axes."""
from keras.models import Sequential
from keras.layers import Conv2D, Dense

input_shape = (224, 224, 3)
num_classes = 10

model = Sequential([
    Conv2D(32, (3, 3), activation='relu', input_shape=input_shape),
    Conv2D(64, (3, 3), activation='relu'),
    Conv2D(128, (3, 3), activation='relu'),
    Dense(num_classes, activation='softmax')
])
model.summary()
