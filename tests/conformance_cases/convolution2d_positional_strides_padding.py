# Conformance case (found by the generator, seed 7): Convolution2D(64, 3, 1, 'valid')
# is (filters, kernel_size, strides, padding) in Keras 2 and 3.
# generations: 2, 3
# xfail 2: engine: Convolution2D(64, 3, 1, 'valid') read as Keras 1 (nb_row=3, nb_col=1): (None, 26, 28, 64) and 256 params; Keras: (None, 26, 26, 64) and 640
# xfail 3: engine: Convolution2D(64, 3, 1, 'valid') read as Keras 1 (nb_row=3, nb_col=1): (None, 26, 28, 64) and 256 params; Keras: (None, 26, 26, 64) and 640
import keras
import keras.layers as L

model = keras.Sequential([
    L.Input(shape=(28, 28, 1)),
    L.Convolution2D(64, 3, 1, 'valid', activation='tanh'),
    L.Flatten(),
    L.Dense(units=1, activation='sigmoid'),
])
