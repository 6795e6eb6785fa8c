# Conformance case (found by the CI batch, seeds 52, 174): with a star import, a Sequential
# held in a variable and called on a tensor of a functional model.
# generations: 2, 3
# xfail 2: engine: with a star import, a Sequential held in a variable and called on a tensor: its layers unknown and the outer model lists 2 of Keras' 4 rows (input_layer, embedding (None, 50, 32) 640000, encoder, dense_1); Keras 2 also names the Input input_1
# xfail 3: engine: with a star import, a Sequential held in a variable and called on a tensor: its layers unknown and the outer model lists 2 of Keras' 4 rows (input_layer, embedding (None, 50, 32) 640000, encoder, dense_1)
from keras.layers import *
from keras.models import Sequential, Model

encoder = Sequential([GlobalAveragePooling1D(), Dense(32, activation='relu')], name='encoder')

inputs = Input(shape=(50,))
x = Embedding(input_dim=20000, output_dim=32)(inputs)
x = encoder(x)
outputs = Dense(2, activation='softmax')(x)
model = Model(inputs=inputs, outputs=outputs)
