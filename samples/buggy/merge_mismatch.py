"""Two branches concatenated along the channels, but their heights differ (13 vs 11)."""
import keras
from keras import layers

image = keras.Input(shape=(28, 28, 1))
wide = layers.Conv2D(16, 3, strides=2)(image)
narrow = layers.Conv2D(16, 7, strides=2)(image)
merged = layers.concatenate([wide, narrow])
model = keras.Model(image, layers.GlobalAveragePooling2D()(merged))
