"""Attention scores returned with the output (return_attention_scores=True), as each Keras shapes them."""
import keras
from keras import layers
tokens = keras.Input((12, 16))
context = keras.Input((20, 16))
attention = layers.MultiHeadAttention(num_heads=4, key_dim=8)
attended, scores = attention(tokens, context, return_attention_scores=True)
pooled = layers.GlobalAveragePooling1D()(attended)
heat = layers.Flatten()(scores)
model = keras.Model([tokens, context], [layers.Dense(2)(pooled), heat])
