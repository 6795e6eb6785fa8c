# Conformance case (found by the generator under Keras 2, seeds 100027, 100054):
# ThresholdedReLU exists in Keras 2 only; it keeps its input's shape.
# generations: 2
# xfail 2: engine: ThresholdedReLU (Keras 2 only) unknown: its shape and everything after it unknown; Keras 2: (None, 32), then Dense 66
import tensorflow as tf

model = tf.keras.Sequential()
model.add(tf.keras.Input(shape=(16,)))
model.add(tf.keras.layers.Dense(32))
model.add(tf.keras.layers.ThresholdedReLU(theta=0.5))
model.add(tf.keras.layers.Dense(2, activation="softmax"))
