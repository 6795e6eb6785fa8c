# Conformance case (found by the generator): GRU(return_state=True) gives (output, h).
# generations: 2, 3
# xfail 2: engine: (output, h) = GRU(return_state=True)(x) unpacked in a functional model: false KC102 'a Sequential model cannot pass' and the Embedding/GRU rows missing from the model (Keras: 5 layers, GRU 74496) (and Keras 2 names the Input input_1, kerascheck input_layer)
# xfail 3: engine: (output, h) = GRU(return_state=True)(x) unpacked in a functional model: false KC102 'a Sequential model cannot pass' and the Embedding/GRU rows missing from the model (Keras: 5 layers, GRU 74496)
from keras.layers import Input, Embedding, GRU, Dense, Concatenate
from keras.models import Model

inputs = Input(shape=(50,))
x = Embedding(20000, 64)(inputs)
last, state_h = GRU(128, return_state=True)(x)
x = Concatenate()([last, state_h])
outputs = Dense(10, activation="softmax")(x)
model = Model(inputs, outputs)
