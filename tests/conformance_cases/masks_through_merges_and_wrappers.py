# Conformance case (Keras 3's masks): an Embedding's mask (mask_zero=True) passed through
# layers that support masking, OR-ed by an Add, widened and joined by a Concatenate,
# consumed by a Bidirectional LSTM, an Attention and a nested Sequential; each mask
# operation (not_equal, logical_or, expand_dims, zeros_like, ones_like, concatenate, any,
# convert_to_tensor) is a row of Keras 3's summary, named from the layers' counter.
# generations: 2, 3
import keras
from keras import layers

head = keras.Sequential([layers.GRU(8), layers.Dense(4)], name="head")

tokens = keras.Input(shape=(20,), name="tokens")
other = keras.Input(shape=(20,), name="other")
a = layers.Embedding(500, 16, mask_zero=True)(tokens)
b = layers.Embedding(input_dim=300, output_dim=16, mask_zero=True)(other)
a = layers.Dropout(0.1)(a)
summed = layers.Add()([a, b])
seq = layers.Bidirectional(layers.LSTM(8, return_sequences=True))(summed)
plain = layers.Dense(16)(layers.Input(shape=(20, 16), name="plain"))
joined = layers.Concatenate()([seq, a])
attended = layers.Attention()([joined, joined])
pooled = layers.GlobalAveragePooling1D()(attended)
outputs = layers.Dense(1, activation="sigmoid")(layers.concatenate([pooled, head(summed)]))
model = keras.Model([tokens, other], outputs)

# The attention layers' own mask arguments are not graph edges in Keras 3: no mask
# operation is listed for them (the Embedding's not_equal is made, named, and unused).
query = keras.Input(shape=(12,), name="query")
q = layers.Embedding(100, 8, mask_zero=True)(query)
q = layers.MultiHeadAttention(num_heads=2, key_dim=4)(q, q)
q = layers.Attention()([q, q])
q = layers.AdditiveAttention()([q, q])
scores = layers.Dense(1)(layers.Flatten()(q))
attention_model = keras.Model(query, scores)
