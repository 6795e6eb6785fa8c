# Conformance case (found by the benchmark under Keras 2, seed 8001085): tf.keras 2's Softmax
# adds a Masking layer's mask (None, None) to its (None, None, 1) input, and TensorFlow's
# broadcast makes the output (None, None, None): the Conv1D after it has no channel size
# and raises at line 11.
# generations: 2
import keras

inputs1 = keras.layers.Input(shape=(None, 1))
x2 = keras.layers.Masking()(inputs1)
x3 = keras.layers.Softmax()(x2)
x4 = keras.layers.Dropout(0.2)(x3)
x5 = keras.layers.Conv1D(filters=32, kernel_size=3, strides=1, padding='valid', dilation_rate=2, activation='gelu')(x4)
x6 = keras.layers.GlobalAveragePooling1D()(x5)
out7 = keras.layers.Dense(units=2, activation='softmax')(x6)
model = keras.models.Model(inputs=inputs1, outputs=out7)
