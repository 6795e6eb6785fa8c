# Conformance case (found by the CI batch, seeds 52, 174): with a star import, a Sequential
# held in a variable and called on a tensor of a functional model.
# generations: 2, 3
from keras.layers import *
from keras.models import Sequential, Model

encoder = Sequential([GlobalAveragePooling1D(), Dense(32, activation='relu')], name='encoder')

inputs = Input(shape=(50,))
x = Embedding(input_dim=20000, output_dim=32)(inputs)
x = encoder(x)
outputs = Dense(2, activation='softmax')(x)
model = Model(inputs=inputs, outputs=outputs)
