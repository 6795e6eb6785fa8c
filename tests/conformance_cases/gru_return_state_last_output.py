# Conformance case (found by the generator): GRU(return_state=True) gives (output, h).
# generations: 2, 3
# xfail 2: engine: Keras 2 names a functional model's Input input_1, kerascheck input_layer; and the harness reports a return_state layer's first output only, kerascheck all of them
# xfail 3: harness: Keras 3's summary() shows every output of a layer called with return_state=True; the harness reports the first only ([None, 128]) while kerascheck gives [(None, 128), (None, 128)]
from keras.layers import Input, Embedding, GRU, Dense, Concatenate
from keras.models import Model

inputs = Input(shape=(50,))
x = Embedding(20000, 64)(inputs)
last, state_h = GRU(128, return_state=True)(x)
x = Concatenate()([last, state_h])
outputs = Dense(10, activation="softmax")(x)
model = Model(inputs, outputs)
