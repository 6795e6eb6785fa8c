"""The class count from the labels, as tf.keras 2 tutorials compute it: Keras 3 rejects it."""
import numpy as np
import keras
from keras import layers
from keras.datasets import reuters

(x_train, y_train), (x_test, y_test) = reuters.load_data(num_words=10000)
num_classes = np.max(y_train) + 1

model = keras.Sequential()
model.add(keras.Input(shape=(10000,)))
model.add(layers.Dense(64, activation="relu"))
model.add(layers.Dense(num_classes, activation="softmax"))
