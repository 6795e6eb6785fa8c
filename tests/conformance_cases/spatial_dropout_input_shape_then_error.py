# Conformance case (found by the benchmark under Keras 3, seeds 6002060, 6004115): Keras 3's
# SpatialDropout2D takes no input_shape (no **kwargs): Keras raises at line 9 (KC303 there),
# and the layers after it are never built: their shapes are unknown, no other error.
# generations: 3
import keras

model = keras.Sequential()
model.add(keras.layers.SpatialDropout2D(rate=0.25, input_shape=(96, 96, 1)))
model.add(keras.layers.Dense(32))
model.add(keras.layers.UpSampling2D(2))
model.add(keras.layers.MaxPooling2D(pool_size=193))
