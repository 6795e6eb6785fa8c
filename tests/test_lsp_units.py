"""The language server's pure parts, without a client: packaging, fixes, edits, stale results.

These need neither pygls nor a subprocess (except the packaging checks, which
start a fresh interpreter to see what a base install imports).
"""

from __future__ import annotations

import subprocess
import sys

from kerascheck.engine import check_source
from kerascheck.results import Diagnostic, Span
from kerascheck.server.analysis import Snapshot, choose
from kerascheck.fixes import fix_for
from kerascheck.fixes.edits import apply_edits, text_edits
from kerascheck.fixes.suppress import ignore_comment
from kerascheck.fixes.tree import SourceTree
from kerascheck.results import Edit
from kerascheck.server.linemap import line_map, relocate
from kerascheck.settings import Settings
from kerascheck.summary import format_shape

from .conftest import ROOT

_BLOCK_PYGLS = (
    "import sys\n"
    "class Block:\n"
    "    def find_spec(self, name, path=None, target=None):\n"
    "        if name.split('.')[0] in ('pygls', 'lsprotocol'):\n"
    "            raise ModuleNotFoundError(f'No module named {name!r}', name=name)\n"
    "sys.meta_path.insert(0, Block())\n"
)


def _python(code: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=60)


def test_the_base_install_never_imports_pygls():
    done = _python(
        "import kerascheck.cli, kerascheck.engine, kerascheck.server; import sys\n"
        "kerascheck.cli.main(['check', 'samples'])\n"
        "assert 'pygls' not in sys.modules and 'lsprotocol' not in sys.modules, 'pygls imported'"
    )
    assert "pygls imported" not in done.stderr and done.returncode in (0, 1), done.stderr


def test_server_without_pygls_says_what_to_install():
    done = _python(_BLOCK_PYGLS + "import kerascheck.cli; raise SystemExit(kerascheck.cli.main(['server']))")
    assert done.returncode == 2
    assert "install kerascheck[lsp]" in done.stderr
    assert "Traceback" not in done.stderr


def _fixed(source: str, finding: Diagnostic) -> dict:
    """Title -> fixed text of each action the editor offers for the finding (the fix, then the comment)."""
    fixes = [fix_for(finding, SourceTree(source)), ignore_comment(finding, source)]
    return {fix.title: apply_edits(source, fix.edits) for fix in fixes if fix is not None}


def test_modern_keyword_for_a_legacy_finding():
    call = "Conv2D(32, (3, 3), border_mode='same', init='he_normal')"
    source = f"from keras.layers import Conv2D\nlayer = {call}\n"
    message = "Conv2D: border_mode= is the Keras 1 spelling; Keras 2+: padding='same'"  # as KC501 words it
    finding = Diagnostic("KC501", "warning", message, Span(2, 9, 2, 9 + len(call)))
    fixed = _fixed(source, finding)
    assert fixed["Use padding= instead of border_mode="] == source.replace("border_mode=", "padding=")
    assert not any("kernel_initializer" in title for title in fixed)  # init= is not what the finding is about


def test_values_that_changed_meaning_are_translated_only_when_written_as_literals():
    message = "Conv2D: dim_ordering= is the Keras 1 spelling; Keras 2+: data_format='channels_first'"
    for value, fixed_value in (("'th'", "data_format='channels_first'"), ('"tf"', 'data_format="channels_last"'), ("order", None)):
        call = f"Conv2D(32, 3, dim_ordering={value})"
        source = f"from keras.layers import Conv2D\nlayer = {call}\n"
        fixed = _fixed(source, Diagnostic("KC501", "info", message, Span(2, 9, 2, 9 + len(call))))
        expected = {"Ignore KC501 on this line"} | ({"Use data_format= instead of dim_ordering="} if fixed_value else set())
        assert set(fixed) == expected
        if fixed_value:
            assert fixed["Use data_format= instead of dim_ordering="] == source.replace(f"dim_ordering={value}", fixed_value)


def test_ignore_comment_joins_an_existing_one():
    source = "x = 1  # kerascheck: ignore[KC101]\n"
    fixed = _fixed(source, Diagnostic("KC104", "warning", "", Span(1, 1, 1, 2)))
    assert fixed["Ignore KC104 on this line"] == "x = 1  # kerascheck: ignore[KC101, KC104]\n"


def test_no_comment_inside_a_string():
    source = 'x = f("""\nabc""")\n'
    assert _fixed(source, Diagnostic("KC104", "warning", "", Span(1, 5, 2, 7))) == {}


def test_edits_are_the_smallest_change_and_spare_blanked_lines():
    assert text_edits("a\nlayers.Dense(1)\n", "a\nlayers.Flatten(), layers.Dense(1)\n") == (
        Edit(Span(2, 1, 2, 1), "layers.Flatten(), "),
    )
    assert text_edits("a\npass\n", "a\npass  # x\n", frozenset({2})) is None


HALF_TYPED = """\
from keras import layers, models
model = models.Sequential()
model.add(layers.Conv2D(8, 3, input_shape=(28, 28, 1)))
model.add(layers.Dense(10))
"""


def test_a_half_typed_text_keeps_the_last_good_results_on_their_new_lines():
    good = Snapshot(HALF_TYPED, 1, check_source(HALF_TYPED, "m.py"))
    typing = HALF_TYPED.replace("model.add(layers.Dense", "model.add(layers.Fla\nmodel.add(layers.Dense")
    view, kept = choose(Snapshot(typing, 2, check_source(typing, "m.py")), good)
    assert view.stale and kept is good
    assert [(d.code, d.span.line) for d in view.result.diagnostics] == [("KC001", 4), ("KC104", 5)]
    assert [layer.span.line for layer in view.result.models[0].layers] == [3, 5]


def test_relocation_drops_what_was_on_an_edited_line():
    result = check_source(HALF_TYPED, "m.py")
    edited = HALF_TYPED.replace("layers.Dense(10)", "layers.Dense(12)")
    moved = relocate(result, line_map(HALF_TYPED, edited))
    assert moved.models == () and moved.diagnostics == ()


RESIDUAL = """import keras
from keras import layers
inputs = keras.Input((32, 32, 3))
x = layers.Conv2D(16, 3, padding="same")(inputs)
shortcut = inputs
if shortcut.shape[-1] != 16:
    shortcut = layers.Conv2D(16, 1)(shortcut)
y = layers.add([x, shortcut])
model = keras.Model(inputs, y)
"""


def test_hover_on_a_tensor_variable_shows_the_shape_it_holds_there():
    """Every use of a name shows the shape of its latest binding before it, the one the layers saw."""
    from lsprotocol import types
    from pygls.workspace import PositionCodec

    from kerascheck.server.convert import Text
    from kerascheck.server.hovers import hover

    result = check_source(RESIDUAL, settings=Settings(tensor_bindings=True))  # as the server asks
    outputs = {layer.name: layer.output_shape for model in result.models for layer in model.layers}
    text = Text.of(RESIDUAL, PositionCodec(types.PositionEncodingKind.Utf16))

    def shown(line: int, column: int) -> str:
        found = hover(result, text, types.Position(line - 1, column - 1))
        assert found is not None
        return found.contents.value

    assert shown(8, 21) == f"```text\nshortcut: {format_shape(outputs['conv2d_1'])}\n```"  # after the projection
    assert shown(6, 5) == f"```text\nshortcut: {format_shape(outputs['input_layer'])}\n```"  # before it
    assert shown(8, 17) == f"```text\nx: {format_shape(outputs['conv2d'])}\n```"


def test_hover_on_a_model_of_a_snippet_says_which_names_were_never_imported():
    """The summary's file notes (names read as Keras' though never imported) show in the editor too."""
    from lsprotocol import types
    from pygls.workspace import PositionCodec

    from kerascheck.server.convert import Text
    from kerascheck.server.hovers import hover

    source = "model = Sequential([Dense(3, input_shape=(4,))])\n"
    result = check_source(source)
    found = hover(result, Text.of(source, PositionCodec(types.PositionEncodingKind.Utf16)), types.Position(0, 10))
    assert found is not None
    assert found.contents.value.endswith(
        "```\n\nNote: `Sequential` is not imported; read as `keras.models.Sequential`"
        "\n\nNote: `Dense` is not imported; read as `keras.layers.Dense`")
