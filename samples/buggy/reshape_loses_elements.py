"""A Reshape whose target holds fewer elements than its input (784 vs 729)."""
from keras import layers, models

model = models.Sequential([
    layers.Dense(784, input_shape=(100,)),
    layers.Reshape((27, 27, 1)),
    layers.Conv2D(8, 3),
])
