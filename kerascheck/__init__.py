"""kerascheck: a static linter that predicts Keras model shapes from source."""

__version__ = "0.1.0"
