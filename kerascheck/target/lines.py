"""The release lines a target may be: the *points* every version-dependent fact is given for.

A target may stand for one release (``tensorflow==2.12``: tf.keras 2.12) or
for a whole line (``--target-keras 2``: any tf.keras 2.x). :func:`points`
expands it into the releases it may be, one per release line: ``("k1", None)``
Keras 1, ``("k2", minor)`` standalone Keras 2.0 to 2.3, ``("tf", minor)``
tf.keras (bundled with TensorFlow 2.x, then the ``tf_keras`` package, at
TensorFlow's minor version), ``("k3", None)`` Keras 3. A fact is certain for
the target only when it holds at every point.
"""

from __future__ import annotations

from functools import lru_cache

from . import Target

#: Standalone Keras 2 minors (2.0 to 2.3); from 2.4 on, ``keras`` re-exports tf.keras.
_STANDALONE_MINORS = range(0, 4)
#: tf.keras minors bundled with TensorFlow 2.x (2.16 bundles Keras 3).
_BUNDLED_MINORS = range(0, 16)
#: tf.keras minors of the ``tf_keras`` package (it starts at 2.15; TensorFlow 2.16+ needs it for Keras 2).
_TF_KERAS_MINORS = range(15, 100)


@lru_cache(maxsize=32)
def points(target: Target) -> tuple:
    """The release lines and minors the target may be (asked for every layer: kept per target)."""
    generation, minor = target.generation, (target.release[1] if len(target.release) > 1 else None)
    if generation == 1:
        return (("k1", None),)
    if generation >= 3:
        return (("k3", None),)
    if target.provider == "tf-keras":
        minors = _TF_KERAS_MINORS if minor is None else (minor,)
        return tuple(("tf", m) for m in minors)
    if minor is not None:
        return (("k2", minor),) if target.provider == "keras" and minor in _STANDALONE_MINORS else (("tf", minor),)
    if target.provider == "keras":
        return (*(("k2", m) for m in _STANDALONE_MINORS), *(("tf", m) for m in _BUNDLED_MINORS if m >= 4))
    return tuple(("tf", m) for m in _BUNDLED_MINORS)
