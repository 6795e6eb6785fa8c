"""Keras 1.1.1 CNN (seed 002), Python 2: 832 params when the input has 1 channel,
(5*5*32 + 1) * 64 = 51,264 for the second convolution whatever the input."""
from keras.models import Sequential
from keras.layers import Convolution2D, Activation, MaxPooling2D, Dropout, Flatten, Dense
from keras.optimizers import SGD


def build_model(input_shape):
    model = Sequential()
    #convolution-pooling layers
    model.add(Convolution2D(32, 5, 5, input_shape=input_shape))
    model.add(Activation('relu'))
    model.add(MaxPooling2D(pool_size=(2, 2)))
    model.add(Convolution2D(64, 5, 5))
    model.add(Activation('relu'))
    model.add(MaxPooling2D(pool_size=(2, 2)))
    model.add(Dropout(0.25))
    #dense layers
    model.add(Flatten())
    model.add(Dense(100))
    model.add(Activation('relu'))
    model.add(Dropout(0.5))
    model.add((Dense(2)))
    model.add(Activation('softmax'))
    #optimizer
    sgd = SGD(lr=1e-3, decay=1e-6, momentum=0.9, nesterov=True)
    model.compile(loss='categorical_crossentropy',
                  optimizer = sgd,
                  metrics=['accuracy'])
    print model.summary()
    return model
