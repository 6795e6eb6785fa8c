# Conformance case (found by the generator, seed 100226): input_shape= on a first layer
# whose own signature does not list it (SpatialDropout3D) is the base layer's keyword.
# generations: 2, 3
from tensorflow import keras
from tensorflow.keras import layers

model = keras.Sequential()
model.add(layers.SpatialDropout3D(0.2, input_shape=(10, 16, 32, 3)))
model.add(layers.ConvLSTM2D(filters=8, kernel_size=3, padding="same"))
model.add(layers.Flatten())
model.add(layers.Dense(2, activation="softmax"))
