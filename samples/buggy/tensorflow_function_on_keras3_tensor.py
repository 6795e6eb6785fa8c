"""tf.keras 2-era code: a TensorFlow function on a functional model's tensor. Keras 3 refuses it."""
import tensorflow as tf

inputs = tf.keras.Input(shape=(20, 8))
x = tf.keras.layers.Dense(16, activation="relu")(inputs)
pooled = tf.reduce_mean(x, axis=1)
outputs = tf.keras.layers.Dense(1, activation="sigmoid")(pooled)
model = tf.keras.Model(inputs, outputs)
