"""Models sized from their data's labels: Keras' datasets know their classes.

reuters has 46 topics, mnist 10 digits, cifar100 100 fine labels: kerascheck
reads them from Keras' documentation of ``load_data``, so the output layers
below are exact without loading anything. (``np.max`` gives a NumPy integer,
which Keras 3's Dense rejects: hence the ``int(...)``; KC314 reports it.)
"""
import numpy as np
import keras
from keras import layers
from keras.datasets import cifar100, mnist, reuters
from keras.utils import to_categorical

(x_train, y_train), (x_test, y_test) = reuters.load_data(num_words=10000)
num_classes = int(np.max(y_train)) + 1

topics = keras.Sequential([
    keras.Input(shape=(10000,)),
    layers.Dense(64, activation="relu"),
    layers.Dense(num_classes, activation="softmax"),
], name="topics")

(digits, labels), _ = mnist.load_data()
onehot = to_categorical(labels)
digit_model = keras.Sequential([
    keras.Input(shape=digits.shape[1:]),
    layers.Flatten(),
    layers.Dense(len(np.unique(labels)) * 8, activation="relu"),
    layers.Dense(onehot.shape[-1], activation="softmax"),
], name="digits")

(images, fine), _ = cifar100.load_data()
inputs = keras.Input(shape=images.shape[1:])
x = layers.Conv2D(16, 3, activation="relu")(inputs)
x = layers.GlobalAveragePooling2D()(x)
outputs = layers.Dense(int(fine.max()) + 1, activation="softmax")(x)
image_model = keras.Model(inputs, outputs, name="fine_labels")
