# Conformance case (found by the generator): GRU(return_state=True) gives (output, h).
# generations: 2, 3
from keras.layers import Input, Embedding, GRU, Dense, Concatenate
from keras.models import Model

inputs = Input(shape=(50,))
x = Embedding(20000, 64)(inputs)
last, state_h = GRU(128, return_state=True)(x)
x = Concatenate()([last, state_h])
outputs = Dense(10, activation="softmax")(x)
model = Model(inputs, outputs)
