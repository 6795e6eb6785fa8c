# Conformance case (found by the generator, seed 64): Conv1D(32, 5, 1, 'same') is
# (filters, kernel_size, strides, padding); 'same' is no activation.
# generations: 2, 3
from tensorflow import keras

inputs = keras.Input(shape=(500,))
x = keras.layers.Embedding(input_dim=1000, output_dim=32)(inputs)
x = keras.layers.Conv1D(32, 5, 1, 'same')(x)
x = keras.layers.GlobalAveragePooling1D()(x)
outputs = keras.layers.Dense(1, activation='sigmoid')(x)
model = keras.Model(inputs, outputs)
