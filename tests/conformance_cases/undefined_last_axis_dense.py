# Conformance case (found by the benchmark under Keras 2, seeds 4000534, 4004661): a Dense after
# a Flatten of a variable-length axis, and a GRU after a Permute that moves it last: the last
# axis is None and both Keras generations raise where the weights are made (KC106).
# generations: 2
from keras import layers as kl
from keras import models

model = models.Sequential()
model.add(kl.SimpleRNN(units=16, return_sequences=True, input_dim=3))
model.add(kl.TimeDistributed(kl.Dense(32)))
model.add(kl.SeparableConv1D(32, 3, 1, padding='same'))
model.add(kl.Flatten())
model.add(kl.Dense(32, activation='gelu'))
model.add(kl.GRU(units=32))
