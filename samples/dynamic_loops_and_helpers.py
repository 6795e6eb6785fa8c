"""Models assembled by loops and helper functions, as real code builds them."""
import keras
from keras import layers


def conv_block(x, filters, pool=True):
    x = layers.Conv2D(filters, 3, padding="same", activation="relu")(x)
    x = layers.BatchNormalization()(x)
    if pool:
        x = layers.MaxPooling2D(2)(x)
    return x


def build_model(num_classes=10, widths=(32, 64, 128)):
    inputs = keras.Input(shape=(64, 64, 3))
    x = inputs
    for width in widths:
        x = conv_block(x, width)
    x = conv_block(x, 256, pool=False)
    x = layers.GlobalAveragePooling2D()(x)
    for units in [128, 64]:
        x = layers.Dense(units, activation="relu")(x)
    outputs = layers.Dense(num_classes, activation="softmax")(x)
    return keras.Model(inputs, outputs)


def add_dense_stack(model, sizes):
    for size in sizes:
        model.add(layers.Dense(size, activation="relu"))
        model.add(layers.Dropout(0.1))


model = build_model(num_classes=5)

mlp = keras.Sequential([keras.Input(shape=(20,))] + [layers.Dense(n) for n in (64, 32)])
for _ in range(3):
    mlp.add(layers.Dense(16, activation="relu"))
add_dense_stack(mlp, [8, 4])
mlp.add(layers.Dense(1))
