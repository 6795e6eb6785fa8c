"""Models as objects: a feature extractor cut out of a model by layer name, then reused on a new input."""
import keras
from keras import layers

inp = keras.Input((20,))
h = layers.Dense(16, name="fc1")(inp)
h = layers.Dense(8, name="fc2")(h)
base = keras.Model(inp, layers.Dense(2)(h))
features = keras.Model(base.input, base.get_layer("fc2").output)
x = keras.Input((20,))
y = features(x)
head = keras.Model(x, layers.Dense(base.layers[1].output.shape[-1] * 2)(y))
