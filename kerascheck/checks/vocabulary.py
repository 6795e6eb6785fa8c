"""The strings Keras accepts for activations, initializers, losses...

Each set is the union over Keras 1, 2 (standalone and ``tf.keras``) and 3, so
a name is reported only when no generation of Keras would accept it. The
Keras 3 names are those of ``keras/src/<module>/__init__.py``'s
``ALL_OBJECTS_DICT`` (a test compares them with the installed Keras).
"""

from __future__ import annotations

from typing import Iterable, Optional

ACTIVATIONS = frozenset({
    # Keras 3
    "celu", "elu", "exponential", "gelu", "glu", "hard_shrink", "hard_sigmoid", "hard_silu", "hard_swish",
    "hard_tanh", "leaky_relu", "linear", "log_sigmoid", "log_softmax", "mish", "relu", "relu6", "selu",
    "sigmoid", "silu", "soft_shrink", "softmax", "softplus", "softsign", "sparse_plus", "sparse_sigmoid",
    "sparsemax", "squareplus", "swish", "tanh", "tanh_shrink", "threshold",
    # tf.keras 2 also resolves the advanced activation layers by class name
    "LeakyReLU", "PReLU", "ELU", "ReLU", "Softmax", "ThresholdedReLU",
})

INITIALIZERS = frozenset({
    # Keras 3
    "Constant", "GlorotNormal", "GlorotUniform", "HeNormal", "HeUniform", "Identity", "IdentityInitializer",
    "Initializer", "LecunNormal", "LecunUniform", "Ones", "Orthogonal", "OrthogonalInitializer", "RandomNormal",
    "RandomUniform", "STFT", "STFTInitializer", "TruncatedNormal", "VarianceScaling", "Zeros", "constant",
    "glorot_normal", "glorot_uniform", "he_normal", "he_uniform", "identity", "initializer", "lecun_normal",
    "lecun_uniform", "normal", "one", "ones", "orthogonal", "random_normal", "random_uniform", "stft",
    "truncated_normal", "uniform", "variance_scaling", "zero", "zeros",
})

REGULARIZERS = frozenset({
    "L1", "L1L2", "L2", "OrthogonalRegularizer", "Regularizer", "l1", "l1l2", "l2", "orthogonal_regularizer",
    "regularizer", "l1_l2",  # tf.keras 2
})

CONSTRAINTS = frozenset({
    "Constraint", "MaxNorm", "MinMaxNorm", "NonNeg", "UnitNorm", "constraint", "max_norm", "min_max_norm",
    "non_neg", "unit_norm", "maxnorm", "nonneg", "unitnorm",  # Keras 1 and 2 aliases
})

LOSSES = frozenset({
    # Keras 3
    "BCE", "BinaryCrossentropy", "BinaryFocalCrossentropy", "CTC", "CategoricalCrossentropy",
    "CategoricalFocalCrossentropy", "CategoricalHinge", "Circle", "CosineSimilarity", "Dice", "Hinge", "Huber",
    "KLD", "KLDivergence", "LogCosh", "MAE", "MAPE", "MSE", "MSLE", "MeanAbsoluteError",
    "MeanAbsolutePercentageError", "MeanSquaredError", "MeanSquaredLogarithmicError", "Poisson",
    "SparseCategoricalCrossentropy", "SquaredHinge", "Tversky", "bce", "binary_crossentropy",
    "binary_focal_crossentropy", "categorical_crossentropy", "categorical_focal_crossentropy", "categorical_hinge",
    "circle", "cosine_similarity", "ctc", "dice", "hinge", "huber", "kl_divergence", "kld", "log_cosh", "mae",
    "mape", "mean_absolute_error", "mean_absolute_percentage_error", "mean_squared_error",
    "mean_squared_logarithmic_error", "mse", "msle", "poisson", "sparse_categorical_crossentropy",
    "squared_hinge", "tversky",
    # Keras 1 and 2
    "kullback_leibler_divergence", "cosine_proximity", "cosine", "logcosh", "huber_loss",
})

#: Optimizer names are matched case-insensitively (Keras lower-cases them).
OPTIMIZERS = frozenset({
    "adadelta", "adafactor", "adagrad", "adam", "adamax", "adamw", "ftrl", "lion", "muon", "nadam", "rmsprop",
    "sgd", "lamb", "loss_scale_optimizer", "lossscaleoptimizer",
})

#: ``compile(metrics=[...])`` strings: the special names, every metric, and every loss.
METRICS = LOSSES | frozenset({
    "acc", "accuracy", "ce", "crossentropy",
    "AUC", "Accuracy", "BinaryAccuracy", "BinaryIoU", "CategoricalAccuracy", "ConcordanceCorrelation", "F1Score",
    "FBetaScore", "FalseNegatives", "FalsePositives", "IoU", "LogCoshError", "Mean", "MeanIoU", "OneHotIoU",
    "OneHotMeanIoU", "PearsonCorrelation", "Precision", "PrecisionAtRecall", "R2Score", "Recall",
    "RecallAtPrecision", "RootMeanSquaredError", "SensitivityAtSpecificity", "SparseCategoricalAccuracy",
    "SparseTopKCategoricalAccuracy", "SpecificityAtSensitivity", "Sum", "TopKCategoricalAccuracy",
    "TrueNegatives", "TruePositives", "auc", "binary_accuracy", "binary_io_u", "categorical_accuracy",
    "concordance_correlation", "f1_score", "f_beta_score", "false_negatives", "false_positives", "io_u",
    "log_cosh_error", "mean", "mean_io_u", "one_hot_io_u", "one_hot_mean_io_u", "pearson_correlation",
    "precision", "precision_at_recall", "r2_score", "recall", "recall_at_precision", "root_mean_squared_error",
    "sensitivity_at_specificity", "sparse_categorical_accuracy", "sparse_top_k_categorical_accuracy",
    "specificity_at_sensitivity", "sum", "top_k_categorical_accuracy", "true_negatives", "true_positives",
    # Keras 1
    "fmeasure", "fbeta_score", "matthews_correlation",
})

PADDINGS = frozenset({"valid", "same"})
DATA_FORMATS = frozenset({"channels_first", "channels_last"})


def suggest(value: str, choices: Iterable[str]) -> Optional[str]:
    """The accepted name closest to ``value`` (same name in other case first), if any is close."""
    choices = sorted(choices)
    for choice in choices:
        if choice.lower() == value.lower():
            return choice
    import difflib  # only for a value not in the vocabulary

    close = difflib.get_close_matches(value, choices, n=1, cutoff=0.6)
    return close[0] if close else None


def did_you_mean(value: str, choices: Iterable[str]) -> str:
    """``; did you mean 'relu'?``, or the valid names (their snake_case spellings) when none is close."""
    choices = sorted(choices)
    found = suggest(value, choices)
    if found:
        return f"; did you mean {found!r}?"
    return "; valid names: " + ", ".join(name for name in choices if name.islower())
