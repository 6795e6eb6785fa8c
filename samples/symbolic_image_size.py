"""Image sizes known only at run time: shapes and counts stay symbolic."""
import tensorflow as tf


def make_classifier(img_rows, img_cols, channels=3, num_classes=10):
    model = tf.keras.Sequential([
        tf.keras.layers.Conv2D(32, 5, activation="relu", input_shape=(img_rows, img_cols, channels)),
        tf.keras.layers.MaxPooling2D(2),
        tf.keras.layers.Conv2D(64, 3, activation="relu"),
        tf.keras.layers.Flatten(),
        tf.keras.layers.Dense(num_classes, activation="softmax"),
    ])
    return model
