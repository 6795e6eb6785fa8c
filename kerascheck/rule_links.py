"""Where a rule's documentation lives, when someone said so.

kerascheck has no public home, so it never invents a link: a rule links to
documentation only when the project configures a template
(``rule-docs-url = "https://example.com/rules#{code}"`` in ``[tool.kerascheck]``)
or the installed package's metadata names one (a ``Project-URL`` labelled
``Rule documentation``, e.g. a company fork that publishes ``docs/rules.md``).
Otherwise editors get the rule's one-line summary with the finding and
``kerascheck rule CODE`` prints the whole documentation.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Optional

from .rules import rule

#: The placeholders a template may hold: the code (``KC104``) and the rule's name (``dense-on-nd-input``).
PLACEHOLDERS = ("{code}", "{name}")
#: The ``Project-URL`` label of the package metadata that names a template.
METADATA_LABEL = "Rule documentation"
_SCHEMES = ("https://", "http://", "file://")


def template_problem(value: object) -> Optional[str]:
    """Why ``value`` is not a usable template (None when it is)."""
    if not isinstance(value, str) or not value.startswith(_SCHEMES):
        return 'must be a URL starting with https://, http:// or file://, such as "https://example.com/rules#{code}"'
    braces = re.findall(r"\{[^}]*\}?", value)
    unknown = [brace for brace in braces if brace not in PLACEHOLDERS]
    if unknown:
        return f"unknown placeholder {unknown[0]!r}; the placeholders are {' and '.join(PLACEHOLDERS)}"
    if not braces:
        return "must contain {code} or {name}, so that each rule gets its own link"
    return None


@lru_cache(maxsize=1)
def package_template() -> Optional[str]:
    """The template named by the installed package's metadata, if it names a valid one."""
    from importlib import metadata

    try:
        urls = metadata.metadata("kerascheck").get_all("Project-URL") or []
    except metadata.PackageNotFoundError:
        return None
    for entry in urls:
        label, _, url = entry.partition(",")
        if label.strip() == METADATA_LABEL and template_problem(url.strip()) is None:
            return url.strip()
    return None


def rule_url(code: str, template: Optional[str]) -> Optional[str]:
    """The documentation URL of a rule: the configured template, else the package's; None when neither exists."""
    template = template or package_template()
    found = rule(code)
    if template is None or found is None:
        return None
    return template.replace("{code}", found.code).replace("{name}", found.name)

