# Conformance case (variant of branch_layer_order without the recurrent layer).
# generations: 2, 3
from keras import layers as kl
from keras import models

inputs = kl.Input(shape=(20, 16))
x = kl.Masking(0.0)(inputs)
a = kl.Conv1D(filters=16, kernel_size=3, padding="same")(x)
b = kl.Dense(16)(x)
x = kl.concatenate([a, b])
outputs = kl.GlobalAveragePooling1D()(x)
model = models.Model(inputs, outputs)
