# Conformance case (found by the generator, seeds 26, 89, 98...): Bidirectional spelled
# through tensorflow.keras. Real Keras builds it under both generations.
# generations: 2, 3
# Harness note: under Keras 3 the harness serves `tensorflow` as a stand-in module without
# TensorShape; Bidirectional's config serialisation asks keras' lazy `tensorflow` module for
# it, which raises AttributeError if that lazy module first resolves while the stand-in is
# installed (i.e. when no earlier job of the same process built a Bidirectional without the
# tensorflow spelling). In this set, earlier cases do, so the judge builds it.
from tensorflow import keras

model = keras.Sequential([
    keras.Input(shape=(10, 4)),
    keras.layers.Bidirectional(keras.layers.LSTM(8)),
    keras.layers.Dense(1),
])
