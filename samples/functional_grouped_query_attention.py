"""Grouped-query self-attention over a token sequence, with a residual connection."""
import keras
from keras import layers

tokens = keras.Input(shape=(16, 64), name="tokens")
attended = layers.GroupQueryAttention(head_dim=16, num_query_heads=4, num_key_value_heads=2)(tokens, tokens)
x = layers.LayerNormalization()(layers.add([tokens, attended]))
x = layers.GlobalAveragePooling1D()(x)
outputs = layers.Dense(3, activation="softmax")(x)
model = keras.Model(tokens, outputs, name="gqa_classifier")
