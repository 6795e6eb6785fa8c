# Conformance case: tensors collected in a list and a dict (a U-Net's skips appended in
# the encoder and popped in the decoder, heads stored by key), and a list changed after
# a layer was called on it (Keras keeps the tensors it was called on).
# generations: 3, 2
import keras
from keras import layers

inputs = keras.Input(shape=(128, 128, 3))
skips = []
x = inputs
for filters in [16, 32, 64]:
    x = layers.Conv2D(filters, 3, padding="same", activation="relu")(x)
    skips.append(x)
    x = layers.MaxPooling2D()(x)
x = layers.Conv2D(128, 3, padding="same")(x)
for filters in [64, 32, 16]:
    x = layers.UpSampling2D()(x)
    skip = skips.pop()
    x = layers.concatenate([x, skip])
    x = layers.Conv2D(filters, 3, padding="same")(x)
heads = {}
heads["mask"] = layers.Conv2D(1, 1, activation="sigmoid", name="mask")(x)
parts = [heads["mask"]]
merged = layers.concatenate(parts + [x])
parts.append(x)
outputs = {"mask": heads["mask"], "merged": merged}
model = keras.Model(inputs, outputs)

