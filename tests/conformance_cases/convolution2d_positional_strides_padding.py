# Conformance case (found by the generator, seed 7): Convolution2D(64, 3, 1, 'valid')
# is (filters, kernel_size, strides, padding) in Keras 2 and 3.
# generations: 2, 3
import keras
import keras.layers as L

model = keras.Sequential([
    L.Input(shape=(28, 28, 1)),
    L.Convolution2D(64, 3, 1, 'valid', activation='tanh'),
    L.Flatten(),
    L.Dense(units=1, activation='sigmoid'),
])
