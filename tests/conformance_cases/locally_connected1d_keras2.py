# Conformance case (found by the generator under Keras 2, seed 100201):
# LocallyConnected1D/2D exist in Keras 2 only (unshared weights per position).
# generations: 2
import tensorflow as tf

model = tf.keras.models.Sequential()
model.add(tf.keras.layers.Input(shape=(100, 1)))
model.add(tf.keras.layers.LocallyConnected1D(4, 3))
model.add(tf.keras.layers.Flatten())
model.add(tf.keras.layers.Dense(1, activation="sigmoid"))
model2 = tf.keras.models.Sequential([
    tf.keras.layers.Input(shape=(12, 12, 3)),
    tf.keras.layers.LocallyConnected2D(8, (3, 3), strides=(1, 1)),
    tf.keras.layers.Flatten(),
    tf.keras.layers.Dense(1),
])
