"""Whatever the undecided branch does, the 5x5 input is too small for the last kernel."""
import sys

import keras
from keras import layers

model = keras.Sequential([keras.Input(shape=(5, 5, 3))])
if len(sys.argv) > 1:
    model.add(layers.Conv2D(8, 3))
else:
    model.add(layers.MaxPooling2D(2))
model.add(layers.Conv2D(8, 5))
