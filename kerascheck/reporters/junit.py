"""JUnit XML, the test-report format every CI server can display.

One test case per checked file: a file with findings fails, with one
``<failure>`` per finding; a kerascheck bug on a file (``KC003``) is an
``<error>``, since the file itself may be fine. Clean files pass, so the
report also shows what was checked.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from .common import PLAIN, Context, escape_surrogates
from .concise import line

#: Characters XML 1.0 cannot carry at all, even escaped.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")

#: Codes that report a failure of kerascheck rather than of the file.
TOOL_ERRORS = frozenset({"KC003"})


def _text(value: str) -> str:
    return _NOT_XML.sub("\ufffd", escape_surrogates(value))


def _testcase(result: object) -> ET.Element:
    case = ET.Element("testcase", name=_text(result.path), classname="kerascheck", file=_text(result.path))
    for d in result.diagnostics:
        tag = "error" if d.code in TOOL_ERRORS else "failure"
        child = ET.SubElement(case, tag, message=_text(f"{d.code} {d.message}"), type=d.code)
        child.text = _text(line(result, d))
    return case


def render(results: list, context: Context = PLAIN) -> str:
    cases = [_testcase(result) for result in results]
    counts = {
        "tests": str(len(cases)),
        "failures": str(sum(1 for case in cases if case.find("failure") is not None and case.find("error") is None)),
        "errors": str(sum(1 for case in cases if case.find("error") is not None)),
        "skipped": "0",
    }
    suites = ET.Element("testsuites", name="kerascheck", **counts)
    suite = ET.SubElement(suites, "testsuite", name="kerascheck", **counts)
    suite.extend(cases)
    ET.indent(suites)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(suites, encoding="unicode") + "\n"
