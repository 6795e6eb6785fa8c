# Conformance case (found by the benchmark under Keras 2, seed 4004661): a GRU whose input's
# last axis became None (Permute of a variable-length axis): tf_keras raises (KC106).
# generations: 2
import tensorflow as tf

model = tf.keras.models.Sequential()
model.add(tf.keras.layers.GRU(units=32, return_sequences=True, input_dim=1))
model.add(tf.keras.layers.TimeDistributed(tf.keras.layers.Dense(units=256)))
model.add(tf.keras.layers.AvgPool1D(3, padding='valid'))
model.add(tf.keras.layers.Permute((2, 1)))
model.add(tf.keras.layers.Dropout(rate=0.2))
model.add(tf.keras.layers.GRU(64))
model.add(tf.keras.layers.Dense(units=10, activation='softmax'))
