# Conformance case (found by the benchmark, seeds 1000514, 1000555, 1000789): Masking in a
# functional Keras 3 model; Keras 3 lists the mask's operations (NotEqual, Any) in
# model.layers and the summary as layers of their own.
# generations: 2, 3
import keras
from keras import layers

inputs = keras.Input(shape=(100,))
x = layers.Embedding(input_dim=1000, output_dim=128)(inputs)
x = layers.Conv1D(64, 3)(x)
x = layers.Masking(mask_value=0.0)(x)
x = layers.GlobalAveragePooling1D()(x)
outputs = layers.Dense(10, activation="softmax")(x)
model = keras.Model(inputs=inputs, outputs=outputs)
