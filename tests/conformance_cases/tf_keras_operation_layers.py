# Conformance case (tf.keras 2): TensorFlow functions, keras.backend functions and Python
# operators on symbolic tensors become TFOpLambda layers (SlicingOpLambda for a slice),
# named after the canonical TensorFlow function (tf.math.reduce_mean for tf.reduce_mean
# and K.mean) and counted like layer names. Keras 3 refuses them (KC315).
# generations: 2
import tensorflow as tf
from tensorflow import keras
from tensorflow.keras import backend as K

x = keras.Input(shape=(4, 6))
y = keras.Input(shape=(4, 6))
products = x * y
sums = x + y
differences = x - y
ratios = x / y
shifted = x + 1
doubled = 2 * x
first = x[:, 0]
widened = x[..., None]
means = tf.reduce_mean(x, axis=1)
totals = tf.reduce_sum(x, 1)
largest = tf.reduce_max(x, axis=-1)
smallest = tf.reduce_min(x, axis=-1)
joined = tf.concat([x, y], -1)
expanded = tf.expand_dims(x, -1)
flat = tf.reshape(x, (-1, 24))
swapped = tf.transpose(x, (0, 2, 1))
squeezed = tf.squeeze(expanded, -1)
stacked = tf.stack([x, y], 1)
tiled = tf.tile(x, (1, 2, 1))
halves = tf.split(x, 2, axis=-1)
cast = tf.cast(x, "float16")
scores = tf.matmul(x, swapped)
at = x @ swapped
relu = tf.nn.relu(x)
soft = tf.nn.softmax(x)
gate = tf.sigmoid(x)
squashed = tf.tanh(x)
k_means = K.mean(x, axis=1)
k_totals = K.sum(x, axis=1)
k_largest = K.max(x, axis=1)
k_joined = K.concatenate([x, y])
k_expanded = K.expand_dims(x)
k_flat = K.reshape(x, (-1, 24))
outputs = [products, sums, differences, ratios, shifted, doubled, first, widened, means, totals, largest,
           smallest, joined, flat, squeezed, stacked, tiled, halves[0], cast, scores, at, relu, soft, gate,
           squashed, k_means, k_totals, k_largest, k_joined, k_expanded, k_flat]
model = keras.Model([x, y], outputs)
