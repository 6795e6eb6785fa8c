"""`import keras.layers as kl`: a small convolutional autoencoder with padding and upsampling."""
import keras.layers as kl
from keras.models import Sequential

autoencoder = Sequential(name="autoencoder")
autoencoder.add(kl.InputLayer(shape=(28, 28, 1)))
autoencoder.add(kl.ZeroPadding2D(padding=2))
autoencoder.add(kl.Conv2D(16, (3, 3), activation="relu", padding="same"))
autoencoder.add(kl.MaxPooling2D((2, 2), padding="same"))
autoencoder.add(kl.Conv2D(8, (3, 3), activation="relu", padding="same"))
autoencoder.add(kl.MaxPool2D((2, 2), padding="same"))
autoencoder.add(kl.BatchNormalization())
autoencoder.add(kl.UpSampling2D((2, 2)))
autoencoder.add(kl.Conv2D(16, (3, 3), activation="relu", padding="same"))
autoencoder.add(kl.UpSampling2D(2))
autoencoder.add(kl.Conv2D(1, (5, 5), activation="sigmoid"))
