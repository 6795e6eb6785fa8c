"""An encoder-decoder: return_state unpacked into names, states passed as initial_state."""
import keras
from keras import layers

encoder_inputs = keras.Input((None, 12))
encoder_outputs, state_h, state_c = layers.LSTM(64, return_state=True)(encoder_inputs)
decoder_inputs = keras.Input((None, 9))
decoder = layers.LSTM(64, return_sequences=True, return_state=True)
decoder_outputs, _, _ = decoder(decoder_inputs, initial_state=[state_h, state_c])
summary, forward_h, backward_h = layers.Bidirectional(layers.GRU(8, return_state=True))(decoder_outputs)
outputs = layers.Dense(9, activation="softmax")(decoder_outputs)
model = keras.Model([encoder_inputs, decoder_inputs], [outputs, summary])
