# Conformance case (found by the generator, seeds 100007, 100144): return_state=True
# unpacked in a functional model (sequence, h, c), the states used downstream.
# generations: 2, 3
# xfail 2: engine: (seq, h, c) = LSTM(return_sequences=True, return_state=True)(x) unpacked in a functional model: false KC102 'a Sequential model cannot pass' and the LSTM row missing (Keras: 5 layers, LSTM 5248) (and Keras 2 names the Input input_1, kerascheck input_layer)
# xfail 3: engine: (seq, h, c) = LSTM(return_sequences=True, return_state=True)(x) unpacked in a functional model: false KC102 'a Sequential model cannot pass' and the LSTM row missing (Keras: 5 layers, LSTM 5248)
import keras
from keras import layers

inputs = keras.Input(shape=(None, 8))
seq, state_h, state_c = layers.LSTM(32, return_sequences=True, return_state=True)(inputs)
pooled = layers.GlobalAveragePooling1D()(seq)
x = layers.Concatenate()([state_h, state_c, pooled])
outputs = layers.Dense(1, activation="sigmoid")(x)
model = keras.Model(inputs=inputs, outputs=outputs)
