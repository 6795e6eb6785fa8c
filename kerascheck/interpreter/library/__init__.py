"""The libraries a model file calls, each modelled in one module (astroid's "brains"):
:mod:`.keras` (constructors, models, the functional API), :mod:`.ops` (tensor
operations of ``keras.ops``, ``keras.backend``, ``tf`` and Python's operators),
:mod:`.datasets` (``keras.datasets`` shapes and the NumPy steps that follow)."""
