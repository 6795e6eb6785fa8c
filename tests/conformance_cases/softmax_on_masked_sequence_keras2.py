# Conformance case (found by the benchmark under Keras 2, seeds 4000224, 4003434, 4004140, 4000025):
# tf_keras' Softmax adds its mask to the logits, so a mask of (batch, steps) from
# Embedding(mask_zero=True) fails to broadcast against (batch, steps, features).
# generations: 2
import tensorflow as tf

model = tf.keras.models.Sequential()
model.add(tf.keras.layers.Input(shape=(10,)))
model.add(tf.keras.layers.Embedding(input_dim=5000, output_dim=64, mask_zero=True))
model.add(tf.keras.layers.Softmax())
model.add(tf.keras.layers.SimpleRNN(units=64, return_sequences=True, dropout=0.2))
model.add(tf.keras.layers.GlobalAvgPool1D())
model.add(tf.keras.layers.Dense(8, activation='softmax'))
model.add(tf.keras.layers.Dense(units=1, activation='sigmoid'))
