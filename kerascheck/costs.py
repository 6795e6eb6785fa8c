"""What a layer costs to run: floating-point operations of one forward pass.

One formula per layer family, in :data:`FORMULAS`, the way the catalogue
(``kerascheck/layers/``) has one shape function per layer: each takes the
layer's arguments, its input shape(s) and its output shape, and returns the
operations of one inference-mode forward pass.

The convention is XLA's (``jax.jit(f).lower(x).compile().cost_analysis()``),
against which the tests check every family:

* a multiply-add counts as **two** operations (a ``Dense(u)`` on ``n``
  features: ``2*n*u`` per example, plus ``u`` for the bias);
* every other elementwise arithmetic operation (add, compare, divide...)
  counts one; transcendental functions (``exp``, ``tanh``, ``log``) are not
  counted (XLA reports them apart), so ``tanh`` costs 0 and ``sigmoid``,
  ``1 / (1 + exp(-x))``, costs 3;
* a convolution counts only the kernel taps that fall on the input: taps
  over zero padding (``padding="same"``) are not multiplied;
* moving data (reshape, padding, dropout at inference, an embedding lookup)
  costs nothing.

The batch axis, ``None`` in a shape, is the symbol :data:`BATCH`, so that a
cost is known for any batch size (``summary --cost --batch N`` substitutes
it). Any other unknown size, or an argument not known statically, makes the
cost unknown (``None``); so does a layer family without a formula here.
"""

from __future__ import annotations

from typing import Any, Callable, Mapping, Optional

from . import dims
from .dims import Dim, Expr
from .layers.registry import ShapeError, Undetermined

#: The batch axis of a shape whose batch size is left open.
BATCH_NAME = "<batch>"  # not a Python name: never one of the source's symbols
BATCH = dims.symbol(BATCH_NAME)
#: Bytes of one activation: float32, Keras' default dtype (mixed precision is not followed).
BYTES_PER_VALUE = 4


class _Unknown(Exception):
    """The cost depends on something not known statically."""


def _concrete(shape: Any) -> tuple:
    """``shape`` with the open batch axis as :data:`BATCH`; unknown when any other axis is open."""
    if shape is None or isinstance(shape, list):
        raise _Unknown
    batch, *rest = shape
    if any(d is None for d in rest):
        raise _Unknown
    return (BATCH if batch is None else batch, *rest)


def elements(shape: Any) -> Dim:
    """Values in a tensor of ``shape`` (the open batch axis as :data:`BATCH`); None when not known."""
    try:
        return dims.product(_concrete(shape))
    except _Unknown:
        return None


def activation_bytes(shape: Any) -> Dim:
    """Bytes of a layer's output (several outputs: their sum), float32; None when not known."""
    shapes = shape if isinstance(shape, list) else [shape]
    total: Dim = 0
    for item in shapes:
        total = dims.add(total, dims.mul(elements(item), BYTES_PER_VALUE))
    return total


# -- activations: operations per element ---------------------------------------

#: XLA's count per element of each Keras activation (exp/tanh/log/erf free).
ACTIVATIONS: Mapping[str, int] = {
    "linear": 0, "relu": 1, "relu6": 1, "tanh": 0, "exponential": 0,
    "sigmoid": 3,  # 1 / (1 + exp(-x)): negate, add, divide
    "hard_sigmoid": 3, "softsign": 3, "elu": 3, "leaky_relu": 3,
    "silu": 4, "swish": 4,  # x * sigmoid(x)
    "selu": 5, "softplus": 6, "mish": 7,
    "gelu": 64,  # erf, which XLA expands into a rational polynomial
}


def _activation_name(value: Any) -> Optional[str]:
    if value is None:
        return "linear"
    if isinstance(value, str):
        return value.lower()
    member = getattr(value, "member", None)  # keras.activations.relu named, not called
    return member.lower() if isinstance(member, str) else None


def activation_ops(value: Any, shape: tuple) -> Dim:
    """Operations of applying the activation ``value`` to a tensor of ``shape``."""
    name = _activation_name(value)
    if name == "softmax":  # per row: max, subtract, sum, divide; the two reductions take n - 1 each
        return dims.sub(dims.mul(4, elements(shape)), elements(shape[:-1]))
    if name not in ACTIVATIONS:
        raise _Unknown
    return dims.mul(ACTIVATIONS[name], elements(shape))


# -- the families ----------------------------------------------------------------


def _bias(args: Any, out: tuple) -> Dim:
    return elements(out) if _flag(args, "use_bias", True) else 0


def _flag(args: Any, name: str, default: bool) -> bool:
    value = args.raw(name, default)
    if isinstance(value, (bool, int)):
        return bool(value)
    raise _Unknown


def _int(value: Any) -> int:
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    raise _Unknown


def dense(args: Any, x: tuple, out: tuple) -> Dim:
    """``2*n`` per output value (``n`` multiply-adds), a bias add, the activation.

    On a single feature there is nothing to add up: one multiply per output.
    """
    matmul = elements(out) if x[-1] == 1 else dims.mul(2, dims.mul(elements(out), x[-1]))
    return dims.add(dims.add(matmul, _bias(args, out)), activation_ops(args.raw("activation"), out))


def _taps(n: Dim, out: Dim, k: int, stride: int, dilation: int, padding: str) -> Dim:
    """Kernel taps that fall on the input, summed over one axis' output positions."""
    if padding == "valid":
        return dims.mul(out, k)
    if isinstance(n, int):
        span = dilation * (k - 1) + 1
        missing = max((out - 1) * stride + span - n, 0)
        before = missing if padding == "causal" else missing // 2
        return sum(1 for i in range(out) for t in range(k) if 0 <= i * stride - before + t * dilation < n)
    if stride == 1 and dilation == 1:  # k*n, less the taps over the padding at each end
        before = k - 1 if padding == "causal" else (k - 1) // 2
        after = k - 1 - before
        return dims.sub(dims.mul(k, n), before * (before + 1) // 2 + after * (after + 1) // 2)
    raise _Unknown


def _window_taps(args: Any, x: tuple, out: tuple, rank: int) -> tuple:
    """(taps per channel summed over the output grid, input channels, output channels, batch)."""
    from .layers.convolutional import read_window
    from .layers.geometry import split_channels

    window = read_window(args.layer, args, x, rank)
    out_spatial, out_channels = split_channels(out, window.channels_first)
    taps: Dim = 1
    for n, o, k, s, d in zip(window.spatial, out_spatial, window.kernel, window.strides, window.dilation):
        taps = dims.mul(taps, _taps(n, o, _int(k), _int(s), _int(d), window.padding))
    return taps, window.channels, out_channels, x[0]


def convolution(rank: int) -> Callable:
    def cost(args: Any, x: tuple, out: tuple) -> Dim:
        taps, channels, filters, batch = _window_taps(args, x, out, rank)
        per_group = dims.floordiv(channels, args.dim("groups", 1))
        macs = dims.mul(dims.mul(dims.mul(batch, taps), per_group), filters)
        return dims.add(dims.add(dims.mul(2, macs), _bias(args, out)), activation_ops(args.raw("activation"), out))

    return cost


def depthwise(rank: int) -> Callable:
    def cost(args: Any, x: tuple, out: tuple) -> Dim:
        taps, channels, _, batch = _window_taps(args, x, out, rank)
        macs = dims.mul(dims.mul(dims.mul(batch, taps), channels), args.dim("depth_multiplier", 1))
        return dims.add(dims.add(dims.mul(2, macs), _bias(args, out)), activation_ops(args.raw("activation"), out))

    return cost


def separable(rank: int) -> Callable:
    def cost(args: Any, x: tuple, out: tuple) -> Dim:
        taps, channels, filters, batch = _window_taps(args, x, out, rank)
        middle = dims.mul(channels, args.dim("depth_multiplier", 1))
        depthwise_macs = dims.mul(dims.mul(batch, taps), middle)
        pointwise_macs = dims.mul(dims.floordiv(elements(out), filters), dims.mul(middle, filters))
        macs = dims.add(depthwise_macs, pointwise_macs)
        return dims.add(dims.add(dims.mul(2, macs), _bias(args, out)), activation_ops(args.raw("activation"), out))

    return cost


def _pool_window(args: Any, rank: int) -> Dim:
    return dims.product(args.dims("pool_size", rank, 2))


def max_pooling(rank: int) -> Callable:
    """A comparison per value of each window but the first."""
    return lambda args, x, out: dims.mul(elements(out), dims.sub(_pool_window(args, rank), 1))


def average_pooling(rank: int) -> Callable:
    """The window's sum, then one division."""
    return lambda args, x, out: dims.mul(elements(out), _pool_window(args, rank))


def global_average(args: Any, x: tuple, out: tuple) -> Dim:
    return elements(x)


def global_max(args: Any, x: tuple, out: tuple) -> Dim:
    return dims.sub(elements(x), elements(out))


def batch_normalization(args: Any, x: tuple, out: tuple) -> Dim:
    """Inference: ``x * scale + shift`` per value; the scale and shift take 5 operations per channel."""
    axis = args.raw("axis", -1)
    if not isinstance(axis, int) or not _flag(args, "center", True) or not _flag(args, "scale", True):
        raise _Unknown
    return dims.add(dims.mul(2, elements(x)), dims.mul(5, x[axis]))


def layer_normalization(args: Any, x: tuple, out: tuple) -> Dim:
    """Keras 3's mean and variance over the last axis, then scale and shift: 9 per value, 3 per row."""
    axis = args.raw("axis", -1)
    if axis not in (-1, len(x) - 1) or args.raw("rms_scaling", False) is not False:
        raise _Unknown
    if not _flag(args, "center", True) or not _flag(args, "scale", True):
        raise _Unknown
    return dims.add(dims.mul(9, elements(x)), dims.mul(3, elements(x[:-1])))


def merge(per_input: int, extra: int) -> Callable:
    """``per_input`` operations per output value for each input after the first, then ``extra``."""
    return lambda args, xs, out: dims.mul(elements(out), per_input * (len(xs) - 1) + extra)


def activation_layer(args: Any, x: tuple, out: tuple) -> Dim:
    return activation_ops(args.raw("activation"), out)


def fixed_activation(name: str) -> Callable:
    """``ReLU()``, ``ELU()``...: the activation of that name, with its default arguments only."""

    def cost(args: Any, x: tuple, out: tuple) -> Dim:
        if args.values:
            raise _Unknown
        return activation_ops(name, out)

    return cost


def softmax_layer(args: Any, x: tuple, out: tuple) -> Dim:
    if args.raw("axis", -1) not in (-1, len(x) - 1):
        raise _Unknown
    return activation_ops("softmax", out)


def rescaling(args: Any, x: tuple, out: tuple) -> Dim:
    offset = args.raw("offset", 0.0)
    if not isinstance(offset, (int, float)):
        raise _Unknown
    return dims.mul(elements(out), 2 if offset else 1)


def free(args: Any, x: Any, out: Any) -> Dim:
    """Only moves data."""
    return 0


def up_sampling(args: Any, x: tuple, out: tuple) -> Dim:
    """Nearest neighbour repeats values; other interpolations are not counted here."""
    if args.raw("interpolation", "nearest") != "nearest":
        raise _Unknown
    return 0


def recurrent(per_step: Callable) -> Callable:
    """``per_step(args, features, units)`` at every time step."""

    def cost(args: Any, x: tuple, out: Any) -> Dim:
        if len(x) != 3:
            raise _Unknown
        batch, steps, features = x
        return dims.mul(dims.mul(batch, steps), per_step(args, features, args.dim("units")))

    return cost


def _act(args: Any, name: str, default: str, units: Dim) -> Dim:
    return activation_ops(args.raw(name, default), (1, units))


def simple_rnn_step(args: Any, n: Dim, u: Dim) -> Dim:
    """``h = act(x @ W + b + h @ U)``."""
    bias = u if _flag(args, "use_bias", True) else 0
    return dims.add(dims.add(dims.mul(dims.mul(2, u), dims.add(n, u)), dims.add(u, bias)), _act(args, "activation", "tanh", u))


def lstm_step(args: Any, n: Dim, u: Dim) -> Dim:
    """``z = x @ W + h @ U + b``; i, f, o = rec_act(z); ``c = f*c + i*act(z_c)``; ``h = o*act(c)``."""
    bias = dims.mul(4, u) if _flag(args, "use_bias", True) else 0
    matmuls = dims.mul(dims.mul(8, u), dims.add(n, u))
    gates = dims.add(dims.mul(3, _act(args, "recurrent_activation", "sigmoid", u)), dims.mul(2, _act(args, "activation", "tanh", u)))
    return dims.add(dims.add(dims.add(matmuls, dims.mul(4, u)), bias), dims.add(gates, dims.mul(4, u)))


def gru_step(args: Any, n: Dim, u: Dim) -> Dim:
    """Keras 3's default GRU (``reset_after=True``): two biases, the reset gate applied after ``h @ U``."""
    if not _flag(args, "use_bias", True) or not _flag(args, "reset_after", args.keras_generation >= 2):
        raise _Unknown
    matmuls = dims.mul(dims.mul(6, u), dims.add(n, u))
    gates = dims.add(dims.mul(2, _act(args, "recurrent_activation", "sigmoid", u)), _act(args, "activation", "tanh", u))
    # biases 6u; z and r: 2u adds; r * h: u; x_h + that: u; z*h + (1 - z)*hh: 4u
    return dims.add(dims.add(matmuls, dims.mul(14, u)), gates)


FORMULAS: Mapping[str, Callable] = {
    "Dense": dense,
    **{f"Conv{r}D": convolution(r) for r in (1, 2, 3)},
    **{f"DepthwiseConv{r}D": depthwise(r) for r in (1, 2)},
    **{f"SeparableConv{r}D": separable(r) for r in (1, 2)},
    **{f"MaxPooling{r}D": max_pooling(r) for r in (1, 2, 3)},
    **{f"AveragePooling{r}D": average_pooling(r) for r in (1, 2, 3)},
    **{f"GlobalAveragePooling{r}D": global_average for r in (1, 2, 3)},
    **{f"GlobalMaxPooling{r}D": global_max for r in (1, 2, 3)},
    "BatchNormalization": batch_normalization,
    "LayerNormalization": layer_normalization,
    "Add": merge(1, 0), "Subtract": merge(1, 0), "Multiply": merge(1, 0),
    "Maximum": merge(1, 0), "Minimum": merge(1, 0), "Average": merge(1, 1),
    "Activation": activation_layer,
    "ReLU": fixed_activation("relu"), "ELU": fixed_activation("elu"), "LeakyReLU": fixed_activation("leaky_relu"),
    "Softmax": softmax_layer,
    "Rescaling": rescaling,
    "SimpleRNN": recurrent(simple_rnn_step), "LSTM": recurrent(lstm_step), "GRU": recurrent(gru_step),
    **{name: free for name in (
        "InputLayer", "Flatten", "Reshape", "Permute", "RepeatVector", "Concatenate", "Embedding", "Identity",
        "Dropout", "SpatialDropout1D", "SpatialDropout2D", "SpatialDropout3D", "GaussianNoise", "GaussianDropout",
        "AlphaDropout", "ActivityRegularization",
        *(f"{kind}{r}D" for kind in ("ZeroPadding", "Cropping") for r in (1, 2, 3)),
    )},
    **{f"UpSampling{r}D": up_sampling for r in (1, 2, 3)},
}


def layer_flops(name: str, args: Any, x: Any, out: Any) -> Optional[Dim]:
    """The operations of one forward pass of layer ``name``; None when not known.

    ``x``: the input shape (a list of shapes for a merge); ``out``: the output shape.
    """
    formula = FORMULAS.get(name)
    if formula is None:
        return None
    try:
        inputs = [_concrete(shape) for shape in x] if isinstance(x, list) else _concrete(x)
        return formula(args, inputs, _concrete(out) if not isinstance(out, list) else out)
    except (_Unknown, Undetermined, ShapeError, ArithmeticError):
        return None
    except Exception:  # a bug of ours in a formula: the cost is unknown, the check goes on
        from .interpreter.expressions import debugging

        if debugging():  # the tests run with it: such a bug fails them (KC003)
            raise
        return None


def with_batch(count: Dim, batch: int) -> Dim:
    """``count`` for a batch of ``batch`` examples (where the model leaves the batch open)."""
    return dims.substitute(count, {BATCH_NAME: batch}) if isinstance(count, Expr) else count
