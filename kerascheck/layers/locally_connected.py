"""Locally-connected layers: LocallyConnected1D and LocallyConnected2D (Keras 1 and 2; Keras 3 removed them).

A convolution whose weights are not shared: every output position has its
own kernel and bias. The formulas are tf_keras' own
(``tf_keras/src/layers/locally_connected/locally_connected{1,2}d.py`` and
``tf_keras/src/utils/conv_utils.py``). The output is a convolution's
(``conv_output_length``); the kernel depends on ``implementation``:

* 1 (the default): ``(outputs, prod(kernel_size) * channels, filters)``,
  ``padding="valid"`` only;
* 2: a dense, masked ``(inputs, channels, outputs, filters)``;
* 3: one weight per connected (output, input) pair, ``len(conv_kernel_idxs(...))``,
  which is implementation 1's count for ``"valid"`` and fewer for ``"same"``
  (the windows of the border positions are cut by the input's edges).

The bias is ``(outputs, filters)`` in every implementation.
"""

from __future__ import annotations

from .. import dims
from ..dims import Dim, format_shape
from .convolutional import _KERAS1_KERNEL, _KERAS1_TAIL, kernel_size
from .geometry import AXES, BAD_RANK, join_channels, padding_of, split_channels, window_formula, window_output
from .registry import UNTIL_KERAS2, Args, Inference, InferFn, ShapeError, Undetermined, layer

#: tf_keras' constructor signature, in order (the same for 1D and 2D).
_POSITIONAL = (
    "filters", "kernel_size", "strides", "padding", "data_format", "activation", "use_bias",
    "kernel_initializer", "bias_initializer", "kernel_regularizer", "bias_regularizer", "activity_regularizer",
    "kernel_constraint", "bias_constraint", "implementation",
)


def _implementation(name: str, args: Args) -> int:
    value = args.raw("implementation", 1)
    if isinstance(value, bool) or not isinstance(value, int):
        raise Undetermined("`implementation` is not known statically")
    if value not in (1, 2, 3):
        raise ShapeError("KC301", f"{name}: implementation must be 1, 2 or 3, got {value}")
    return value


def _connected(n: Dim, k: Dim, s: Dim, out: Dim) -> int:
    """Input positions connected to all output positions along one ``"same"`` axis:
    ``conv_connected_inputs``' ``range(max(0, p*s - k//2), min(n, p*s + k - k//2))`` summed over ``p``."""
    if not all(isinstance(v, int) for v in (n, k, s, out)):
        raise Undetermined("implementation=3 with padding='same' needs the input size, kernel size and strides")
    left, right = k // 2, k - k // 2
    return sum(max(0, min(n, p * s + right) - max(0, p * s - left)) for p in range(out))


def locally_connected(name: str, rank: int) -> InferFn:
    def infer(args: Args, x: tuple) -> Inference:
        implementation = _implementation(name, args)
        padding = padding_of(args)
        if padding not in ("valid", "same", "causal"):
            raise ShapeError("KC302", f"{name}: padding must be 'valid' or 'same', got {padding!r}")
        if implementation == 1 and padding != "valid":
            raise ShapeError("KC302", f"{name}: only padding='valid' is supported with implementation=1, got {padding!r}")
        if padding == "causal":
            raise ShapeError("KC302", f"{name}: padding='causal' is not supported (only 'valid' and 'same')")
        first = args.channels_first()
        spatial, channels = split_channels(x, first)
        if channels is None or any(n is None for n in spatial):
            raise ShapeError(BAD_RANK, f"{name}: the input's spatial sizes and channels must be known, got "
                             + format_shape(x))
        kernel, strides = kernel_size(args, rank), args.dims("strides", rank, 1)
        filters = args.dim("filters")
        out = window_output(name, spatial, kernel, strides, padding)
        positions = dims.product(out)
        if implementation == 2:
            weights = dims.mul(dims.mul(dims.product(spatial), channels), dims.mul(positions, filters))
        elif implementation == 3 and padding == "same":
            connected = dims.product(_connected(n, k, s, o) for n, k, s, o in zip(spatial, kernel, strides, out))
            weights = dims.mul(dims.mul(connected, channels), filters)
        else:
            weights = dims.mul(dims.mul(positions, dims.product(kernel)), dims.mul(channels, filters))
        bias = dims.mul(positions, filters) if args.flag("use_bias", True) else 0
        return Inference(join_channels(x[0], out, filters, first), dims.add(weights, bias),
                         formula=window_formula(spatial, kernel, strides, padding, out))

    legacy = ("filters", *_KERAS1_KERNEL[rank], *_KERAS1_TAIL)
    layer(name, "locally_connected", _POSITIONAL, _KERAS1_KERNEL[rank], legacy_positional=legacy,
          rank=rank + 2, axes=AXES[rank], generations=UNTIL_KERAS2,
          needs="filters, kernel_size, strides, implementation; the input's sizes")(infer)
    return infer


locally_connected1d = locally_connected("LocallyConnected1D", 1)
locally_connected2d = locally_connected("LocallyConnected2D", 2)
