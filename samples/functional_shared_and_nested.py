"""A shared embedding, a Sequential called on tensors, and a model used as a layer."""
import keras
from keras import layers

shared_embedding = layers.Embedding(1000, 128)
text_input_a = keras.Input(shape=(None,), dtype="int32")
text_input_b = keras.Input(shape=(None,), dtype="int32")
encoded_a = shared_embedding(text_input_a)
encoded_b = shared_embedding(text_input_b)
siamese = keras.Model([text_input_a, text_input_b], layers.concatenate([encoded_a, encoded_b], axis=1))

encoder = keras.Sequential([layers.Dense(32, activation="relu"), layers.Dense(16)], name="encoder")
features = keras.Input(shape=(64,), name="features")
code = encoder(features)
head = layers.Dense(3, activation="softmax")(code)
classifier = keras.Model(features, head, name="classifier")

image = keras.Input(shape=(64,))
scores = classifier(image)
wrapper = keras.Model(image, layers.Dense(1)(scores), name="wrapper")
