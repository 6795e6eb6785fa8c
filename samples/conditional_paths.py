"""Branches decided statically pick a path; undecided ones are followed on both paths."""
import keras
from keras import layers

USE_BATCH_NORM = True


def build(dropout, deep):
    model = keras.Sequential([keras.Input(shape=(28, 28, 1)), layers.Conv2D(16, 3)])
    if USE_BATCH_NORM:
        model.add(layers.BatchNormalization())
    if dropout:
        model.add(layers.Dropout(0.25))
    if deep:
        model.add(layers.Conv2D(32, 3))
    else:
        model.add(layers.Conv2D(32, 3, padding="same"))
    model.add(layers.Flatten())
    model.add(layers.Dense(10))
    return model


shallow = build(dropout=0.5, deep=False)
