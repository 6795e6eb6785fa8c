"""A transformer block for text classification, in the style of the keras.io example."""
import keras
from keras import layers

vocab_size = 20000  # Only consider the top 20k words
maxlen = 200  # Only consider the first 200 words of each movie review
embed_dim = 32  # Embedding size for each token
num_heads = 2  # Number of attention heads
ff_dim = 32  # Hidden layer size in feed forward network inside transformer

inputs = layers.Input(shape=(maxlen,))
x = layers.Embedding(input_dim=vocab_size, output_dim=embed_dim)(inputs)
attention_output = layers.MultiHeadAttention(num_heads=num_heads, key_dim=embed_dim)(x, x)
attention_output = layers.Dropout(0.1)(attention_output)
x = layers.LayerNormalization(epsilon=1e-6)(layers.add([x, attention_output]))
ffn_output = layers.Dense(ff_dim, activation="relu")(x)
ffn_output = layers.Dense(embed_dim)(ffn_output)
x = layers.LayerNormalization(epsilon=1e-6)(layers.add([x, ffn_output]))
x = layers.GlobalAveragePooling1D()(x)
x = layers.Dropout(0.1)(x)
x = layers.Dense(20, activation="relu")(x)
outputs = layers.Dense(2, activation="softmax")(x)

model = keras.Model(inputs=inputs, outputs=outputs)
