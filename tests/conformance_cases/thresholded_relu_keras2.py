# Conformance case (found by the generator under Keras 2, seeds 100027, 100054):
# ThresholdedReLU exists in Keras 2 only; it keeps its input's shape.
# generations: 2
import tensorflow as tf

model = tf.keras.Sequential()
model.add(tf.keras.Input(shape=(16,)))
model.add(tf.keras.layers.Dense(32))
model.add(tf.keras.layers.ThresholdedReLU(theta=0.5))
model.add(tf.keras.layers.Dense(2, activation="softmax"))
