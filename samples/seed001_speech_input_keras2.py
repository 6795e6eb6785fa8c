"""Keras 2 layers explained argument by argument (seed 001): Input, Conv2D, pooling."""
from keras.layers import Input, Conv2D, MaxPooling2D, AveragePooling2D, GlobalMaxPooling2D
from keras.models import Sequential

speech = Sequential([
    Input(name='the_input', shape=(1600, 200, 1)),
    Conv2D(64, kernel_size=(3, 3), strides=(1, 1), padding='same', activation='relu'),
    MaxPooling2D(pool_size=(2, 2), strides=None, padding='valid', data_format=None),
    AveragePooling2D(pool_size=(2, 2), strides=None, padding='valid', data_format=None),
    GlobalMaxPooling2D(),
])

digits = Sequential()
digits.add(Conv2D(64, kernel_size=(3, 3), strides=(1, 1), padding='same', input_shape=(28, 28, 1), activation='relu'))
digits.add(MaxPooling2D(pool_size=(2, 2), strides=None, padding='valid', data_format=None))
digits.summary()
