"""The abstract interpreter: runs a file's statements in order, as Python would,
without executing anything, and computes every layer call's output as Keras does.

* :mod:`.values` (unknowns, scopes, symbolic tensors) and :mod:`.objects` (what
  Keras calls build: layers, inputs, models, operations) are the values;
* :mod:`.expressions` folds expressions, :mod:`.statements` walks statements
  (branches, loops, the file's functions), :mod:`.classes` the file's classes;
* :mod:`.library` models the libraries a model file calls, one module each
  (``keras``, ``keras.ops``/``tf`` operations, datasets and NumPy);
* :mod:`.context` is what is decided once per file before the walk (which Keras),
  :mod:`.inputs` how a first layer declares its model's input;
* :mod:`.models` applies the layer catalogue (``kerascheck/layers``) to each call and
  builds each model's summary; :mod:`.graph` orders a functional graph as Keras does.

Nothing here imports another module of the project being checked: the file is
its own world (see :func:`.statements.interpret`).
"""
