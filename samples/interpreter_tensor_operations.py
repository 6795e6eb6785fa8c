"""Operations between layers: keras.ops, Python operators and indexing are nodes of the graph."""
import keras
from keras import layers, ops

inputs = keras.Input((8, 4))
x = layers.Dense(3)(inputs)
gated = ops.sigmoid(x) * x + 1
first_step = gated[:, 0]
pooled = ops.mean(gated, axis=1, keepdims=True)
model = keras.Model(inputs, [layers.Dense(2)(first_step), layers.Add()([pooled, pooled])])
