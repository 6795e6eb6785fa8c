# Conformance case (found by the sweep over Keras' own tests): MultiHeadAttention called on
# query, value and key with return_attention_scores=True (was an internal error, KC003).
# generations: 2, 3
import keras
from keras import layers
q = keras.Input((4, 8)); v = keras.Input((5, 8)); k = keras.Input((5, 8))
out, scores = layers.MultiHeadAttention(2, 4)(q, v, k, return_attention_scores=True)
model = keras.Model([q, v, k], [out, scores])
