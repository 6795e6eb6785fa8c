"""Four 2x2 poolings shrink a 12x12 map to 0: MaxPooling2D input width 1 < pool size 2."""
from tensorflow import keras
from tensorflow.keras import layers

model = keras.Sequential([
    layers.Conv2D(16, 3, padding="same", input_shape=(12, 12, 3)),
    layers.MaxPooling2D(2),
    layers.MaxPooling2D(2),
    layers.MaxPooling2D(2),
    layers.MaxPooling2D(2),
    layers.Flatten(),
    layers.Dense(10),
])
