# Conformance case (found by the benchmark, seed 1000449): two branches from one tensor,
# concatenated: model.layers (and the summary) list them in Keras' order.
# generations: 2, 3
from keras import layers as kl
from keras import models

inputs = kl.Input(shape=(20, 16))
x = kl.Bidirectional(kl.LSTM(16, return_sequences=True), merge_mode="ave")(inputs)
a = kl.Conv1D(filters=16, kernel_size=3, padding="same")(x)
b = kl.Dense(16)(x)
x = kl.concatenate([a, b])
x = kl.GlobalAveragePooling1D()(x)
outputs = kl.Dense(10, activation="softmax")(x)
model = models.Model(inputs, outputs)
