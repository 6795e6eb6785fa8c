"""An LSTM fed the 2D output of a Dense layer instead of a sequence."""
import tensorflow as tf

model = tf.keras.models.Sequential()
model.add(tf.keras.layers.Dense(64, input_dim=20))
model.add(tf.keras.layers.LSTM(32))
model.add(tf.keras.layers.Dense(1))
