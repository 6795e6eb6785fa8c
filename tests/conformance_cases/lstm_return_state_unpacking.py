# Conformance case (found by the generator, seeds 100007, 100144): return_state=True
# unpacked in a functional model (sequence, h, c), the states used downstream.
# generations: 2, 3
import keras
from keras import layers

inputs = keras.Input(shape=(None, 8))
seq, state_h, state_c = layers.LSTM(32, return_sequences=True, return_state=True)(inputs)
pooled = layers.GlobalAveragePooling1D()(seq)
x = layers.Concatenate()([state_h, state_c, pooled])
outputs = layers.Dense(1, activation="sigmoid")(x)
model = keras.Model(inputs=inputs, outputs=outputs)
