"""Layers of the catalogue the generated stacks do not draw: Permute, Lambda, Embedding, CategoryEncoding."""
import keras
from keras import layers

sequences = keras.Sequential([
    keras.Input(shape=(12,), dtype="int32"),
    layers.Embedding(100, 8, mask_zero=True),
    layers.Permute((2, 1)),
    layers.Lambda(lambda x: x[:, :4, :], output_shape=(4, 12)),
    layers.Bidirectional(layers.GRU(3, reset_after=False, return_sequences=True), merge_mode="ave"),
    layers.Bidirectional(layers.LSTM(2), backward_layer=layers.LSTM(2, go_backwards=True)),
])

encoded = keras.Sequential([
    keras.Input(shape=(3,), dtype="int32"),
    layers.CategoryEncoding(num_tokens=10, output_mode="multi_hot"),
    layers.Dense(4),
])

video = keras.Sequential([
    keras.Input(shape=(4, 9, 9, 2)),
    layers.ConvLSTM2D(3, 3, return_sequences=True),
    layers.TimeDistributed(layers.SeparableConv2D(4, 2)),
    layers.ConvLSTM2D(2, (2, 2), padding="same"),
    layers.RandomCrop(5, 4),
])
