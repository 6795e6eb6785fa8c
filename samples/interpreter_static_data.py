"""Sizes computed with Python: enumerate, zip, math.prod, int, max, sum, min, len, f-string names."""
import math
import keras
import numpy as np
from keras import layers

widths = [16, 32, 64]
inputs = keras.Input((32, 32, 3))
x = inputs
for i, (w, s) in enumerate(zip(widths, [1, 2, 2])):
    x = layers.Conv2D(w, 3, strides=s, padding="same", name=f"block{i}_conv")(x)
x = layers.Reshape((int(math.prod((8, 8, 64)) / 64), max(widths)))(x)
x = layers.LSTM(sum(widths) // 4)(x)
out = layers.Dense(min(10, len(widths) * 4), name=f"head_{len(widths)}")(x)
model = keras.Model(inputs, out)
