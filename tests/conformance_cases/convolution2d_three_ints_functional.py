# Conformance case (found by the CI batch, seed 25): Convolution2D(16, 1, 1, padding='same')
# in a functional Keras 3 program: (filters, kernel_size, strides), and the Input keeps
# Keras 3's name.
# generations: 2, 3
from keras import layers as kl
from keras import models

inputs = kl.Input(shape=(32, 32, 3))
x = kl.Convolution2D(16, 1, 1, padding='same')(inputs)
x = kl.GlobalMaxPooling2D()(x)
outputs = kl.Dense(units=10, activation='softmax')(x)
model = models.Model(inputs, outputs)
