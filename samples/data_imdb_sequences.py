"""IMDB sentiment: sequences padded to a fixed length before the model."""
import keras
from keras import layers
from keras.preprocessing.sequence import pad_sequences

max_features = 20000
maxlen = 80

(x_train, y_train), (x_test, y_test) = keras.datasets.imdb.load_data(num_words=max_features)
x_train = pad_sequences(x_train, maxlen=maxlen)
x_test = pad_sequences(x_test, maxlen=maxlen)

model = keras.Sequential()
model.add(keras.Input(shape=(x_train.shape[1],)))
model.add(layers.Embedding(max_features, 128))
model.add(layers.LSTM(128, dropout=0.2, recurrent_dropout=0.2))
model.add(layers.Dense(1, activation="sigmoid"))
