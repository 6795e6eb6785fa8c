# Conformance case: tf.keras 2's Softmax adds its input's mask to the input, so a (None, 10)
# mask from Masking on (None, 10, 1) features broadcasts the output to (None, 10, 10); the
# Dense after it sees 10 features (Keras 3 leaves the shape alone: its Softmax reads the
# mask only when it runs).
# generations: 2, 3
import keras
from keras import layers

model = keras.Sequential()
model.add(layers.Input(shape=(10, 1)))
model.add(layers.Masking())
model.add(layers.Softmax())
model.add(layers.Dense(3))

inputs = keras.Input(shape=(10, 1))
x = layers.Masking()(inputs)
x = layers.Softmax()(x)
outputs = layers.Dense(3)(x)
functional = keras.Model(inputs, outputs)
