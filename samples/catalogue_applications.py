"""Transfer learning with keras.applications bases (weights=None: nothing is downloaded)."""
import keras
import keras.applications as apps
from keras import layers
from keras.applications import ResNet50

base = ResNet50(weights=None, include_top=False, input_shape=(97, 97, 3))
base.trainable = False
transfer = keras.Sequential([base, layers.GlobalAveragePooling2D(), layers.Dense(5, activation="softmax")])

classifier = keras.Sequential([keras.applications.EfficientNetB0(weights=None, include_top=True, classes=7, input_shape=(65, 65, 1))])

pooled = keras.Sequential([
    apps.MobileNetV2(weights=None, include_top=False, pooling="max", input_shape=(75, 75, 3)),
    layers.Dense(3),
])
