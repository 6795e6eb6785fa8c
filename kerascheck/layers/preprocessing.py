"""Preprocessing and augmentation layers that appear inside models.

Most change values only. Resizing, CenterCrop and RandomCrop set the image
size; Keras 2's RandomHeight and RandomWidth make one axis unknown; the
encoders (CategoryEncoding, Hashing, the lookups, TextVectorization) set the
last axis by their arguments where those determine it. Normalization
keeps its statistics as non-trainable weights unless ``mean``/``variance`` are given.
"""

from __future__ import annotations

from .. import dims
from .geometry import join_channels, same_shape, split_channels
from .registry import KERAS3_ONLY, Args, Inference, InferFn, Undetermined, layer

#: Augmentation and colour layers whose output has the input's shape, in any rank.
SHAPE_PRESERVING = {
    "Rescaling": ("scale", "offset"),
    "RandomFlip": ("mode", "seed", "data_format"),
    "RandomRotation": ("factor", "fill_mode", "interpolation", "seed", "fill_value", "data_format"),
    "RandomZoom": ("height_factor", "width_factor", "fill_mode", "interpolation", "seed", "fill_value", "data_format"),
    "RandomTranslation": ("height_factor", "width_factor", "fill_mode", "interpolation", "seed", "fill_value", "data_format"),
    "RandomContrast": ("factor", "value_range", "seed"),
    "RandomBrightness": ("factor", "value_range", "seed"),
}

#: Those Keras 3 added (``tf_keras.layers`` has none of them).
KERAS3_SHAPE_PRESERVING = {
    "RandomColorJitter": ("value_range", "brightness_factor", "contrast_factor", "saturation_factor", "hue_factor", "seed", "data_format"),
    "RandomElasticTransform": ("factor", "scale", "interpolation", "fill_mode", "fill_value", "value_range", "seed", "data_format"),
    "RandomErasing": ("factor", "scale", "fill_value", "value_range", "seed", "data_format"),
    "RandomGaussianBlur": ("factor", "kernel_size", "sigma", "value_range", "data_format", "seed"),
    "RandomGrayscale": ("factor", "data_format", "seed"),
    "RandomHue": ("factor", "value_range", "data_format", "seed"),
    "RandomInvert": ("factor", "value_range", "seed", "data_format"),
    "RandomPerspective": ("factor", "scale", "interpolation", "fill_value", "seed", "data_format"),
    "RandomPosterization": ("factor", "value_range", "data_format", "seed"),
    "RandomSaturation": ("factor", "value_range", "data_format", "seed"),
    "RandomSharpness": ("factor", "value_range", "data_format", "seed"),
    "RandomShear": ("x_factor", "y_factor", "interpolation", "fill_mode", "fill_value", "data_format", "seed"),
    "AutoContrast": ("value_range",),
    "Solarization": ("addition_factor", "threshold_factor", "value_range", "seed"),
    "AugMix": ("value_range", "num_chains", "chain_depth", "factor", "alpha", "all_ops", "interpolation", "seed", "data_format"),
    "RandAugment": ("value_range", "num_ops", "factor", "interpolation", "seed", "data_format"),
    "CutMix": ("factor", "seed", "data_format"),
    "MixUp": ("alpha", "data_format", "seed"),
    "ContrastLimitedAdaptiveHistogramEqualization": ("value_range", "clip_limit", "tile_grid_size", "data_format"),
}

for _name, _positional in SHAPE_PRESERVING.items():
    layer(_name, "preprocessing", _positional)(same_shape)
for _name, _positional in KERAS3_SHAPE_PRESERVING.items():
    layer(_name, "preprocessing", _positional, generations=KERAS3_ONLY)(same_shape)
#: Keras 3 raises for RandomColorDegeneration on anything but a batch of images.
layer("RandomColorDegeneration", "preprocessing", ("factor", "value_range", "data_format", "seed"), rank=4,
      axes="(batch, height, width, channels)", generations=KERAS3_ONLY)(same_shape)


def _image_size(args: Args, x: tuple) -> Inference:
    """(batch, height, width, channels) with the layer's ``height`` and ``width``."""
    if len(x) != 4:
        raise Undetermined("a rank-3 input is read as one unbatched image; only batches of images are modelled")
    first = args.channels_first()
    _, channels = split_channels(x, first)
    return Inference(join_channels(x[0], (args.dim("height"), args.dim("width")), channels, first))


layer("Resizing", "preprocessing", ("height", "width", "interpolation", "crop_to_aspect_ratio", "pad_to_aspect_ratio",
                                    "fill_mode", "fill_value", "antialias", "data_format"),
      needs="height and width; a batch of images")(_image_size)
layer("CenterCrop", "preprocessing", ("height", "width", "data_format"), needs="height and width; a batch of images")(_image_size)
layer("RandomCrop", "preprocessing", ("height", "width", "seed", "data_format"), needs="height and width; a batch of images")(_image_size)


def _random_size(axis: int) -> InferFn:
    """tf_keras' ``compute_output_shape``: the input shape with ``axis`` (-3 height, -2 width) unknown."""

    def infer(args: Args, x: tuple) -> Inference:
        out = list(x)
        out[axis] = None
        return Inference(tuple(out))

    return infer


#: Keras 2's random resizing along one axis (``tf_keras/src/layers/preprocessing/image_preprocessing.py``);
#: Keras 3 dropped both classes. The resized axis is unknown to Keras too.
layer("RandomHeight", "preprocessing", ("factor", "interpolation", "seed"), min_rank=3, generations=(2,),
      needs="nothing (the height becomes unknown)")(_random_size(-3))
layer("RandomWidth", "preprocessing", ("factor", "interpolation", "seed"), min_rank=3, generations=(2,),
      needs="nothing (the width becomes unknown)")(_random_size(-2))


@layer("Normalization", "preprocessing", ("axis", "mean", "variance", "invert"), needs="the sizes of the kept axes")
def normalization(args: Args, x: tuple) -> Inference:
    """Without ``mean``: non-trainable mean and variance over the kept axes, and a count."""
    axis = args.raw("axis", -1)
    axes = () if axis is None else tuple(axis) if isinstance(axis, (tuple, list)) else (axis,)
    if not all(isinstance(a, int) and -len(x) <= a < len(x) for a in axes):
        raise Undetermined("`axis` is not known statically")
    if args.raw("mean") is not None:
        return Inference(x)
    kept = dims.product(x[a] for a in axes)
    return Inference(x, 0, dims.add(dims.mul(2, kept), 1))


def _encoded(x: tuple, depth: object, one_hot: bool) -> tuple:
    """One-hot encodes each element (a trailing axis of 1 is replaced); the
    other modes encode the last axis as a sample."""
    if one_hot and not (len(x) > 1 and x[-1] == 1):
        return (*x, depth)
    return (*x[:-1], depth)


@layer("CategoryEncoding", "preprocessing", ("num_tokens", "output_mode", "sparse"), needs="num_tokens")
def category_encoding(args: Args, x: tuple) -> Inference:
    mode = args.text("output_mode", "multi_hot")
    return Inference(_encoded(x, args.dim("num_tokens"), mode == "one_hot"))


@layer("Hashing", "preprocessing", ("num_bins", "mask_value", "salt", "output_mode", "sparse"), needs="num_bins")
def hashing(args: Args, x: tuple) -> Inference:
    """Needs TensorFlow in Keras 3: the rule is Keras' ``compute_output_shape``."""
    if args.text("output_mode", "int") == "int":
        return Inference(x)
    return Inference((*x[:-1], args.dim("num_bins")))


def lookup(args: Args, x: tuple) -> Inference:
    """``int`` keeps the shape; encodings need the depth, known with ``pad_to_max_tokens``."""
    mode = args.text("output_mode", "int")
    if mode == "int":
        return Inference(x)
    if not args.flag("pad_to_max_tokens", False) or args.raw("max_tokens") is None:
        raise Undetermined("the vocabulary size is only known after adapt(); pad_to_max_tokens=True fixes it")
    return Inference(_encoded(x, args.dim("max_tokens"), mode == "one_hot"))


_LOOKUP = ("max_tokens", "num_oov_indices", "mask_token", "oov_token", "vocabulary")
layer("StringLookup", "preprocessing", _LOOKUP, needs="output_mode; max_tokens with pad_to_max_tokens")(lookup)
layer("IntegerLookup", "preprocessing", _LOOKUP, needs="output_mode; max_tokens with pad_to_max_tokens")(lookup)


@layer("TextVectorization", "preprocessing", ("max_tokens", "standardize", "split", "ngrams", "output_mode", "output_sequence_length"),
       needs="output_mode='int' (output_sequence_length)")
def text_vectorization(args: Args, x: tuple) -> Inference:
    if args.text("output_mode", "int") != "int":
        raise Undetermined("only output_mode='int' is modelled")
    return Inference((x[0], args.dim("output_sequence_length")))
