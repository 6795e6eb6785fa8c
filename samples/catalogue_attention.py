"""Attention layers with the functional API (Attention, AdditiveAttention)."""
import keras
from keras import layers

query = keras.Input(shape=(6, 8))
value = keras.Input(shape=(5, 8))
dot = layers.Attention(use_scale=True, score_mode="concat")([query, value])
additive = layers.AdditiveAttention()([query, value])
model = keras.Model([query, value], [dot, additive])
