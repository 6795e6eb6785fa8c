"""Keras 1 MLP on MNIST with the Theano backend (seed 003): 7,850 params."""
from keras.models import Sequential
from keras.layers.core import Dense, Activation, Flatten

img_rows, img_cols = 28, 28
nb_classes = 10

model0 = Sequential()
#number of epochs to train for
nb_epoch = 12
#amount of data each iteration in an epoch sees
batch_size = 128
model0.add(Flatten(input_shape=(1, img_rows, img_cols)))
model0.add(Dense(nb_classes))
model0.add(Activation('softmax'))
model0.compile(loss='categorical_crossentropy',
optimizer='sgd',
metrics=['accuracy'])
print(model0.summary())
