# Conformance case (found on a public book notebook): a function calls a model on its
# parameter and passes the result to a TensorFlow function. Keras 3 refuses a
# KerasTensor to TensorFlow (KC315) only when the tensor is symbolic; called on an
# eager tensor (as here) the model returns an eager tensor, so nothing is an error.
# generations: 3
import numpy as np
import tensorflow as tf
import keras

inputs = keras.Input(shape=(32, 32, 3))
features = keras.layers.Conv2D(8, 3, activation="relu")(inputs)
feature_extractor = keras.Model(inputs, features)


def compute_loss(image, filter_index):
    activation = feature_extractor(image)
    filter_activation = activation[:, 2:-2, 2:-2, filter_index]
    return tf.reduce_mean(filter_activation)


loss = compute_loss(tf.random.uniform((1, 32, 32, 3)), 0)
print(float(loss) >= 0.0)
