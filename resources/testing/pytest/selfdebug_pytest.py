"""SelfDebug's pytest plugin, loaded with ``-p selfdebug_pytest`` next to ``--junitxml``.

It adds properties to each test case of the JUnit XML report so SelfDebug does not have to read
pytest's terminal text:

* ``selfdebug.nodeid``: the node id (``tests/test_cart.py::TestCart::test_total[1]``);
* ``selfdebug.location``: the test's file and 1-based line;
* ``selfdebug.failure``: for a failing phase, the traceback as frames (file, line, function),
  the expected/actual values of a failed ``==`` assertion or ``assertEqual``, and an excerpt
  of the captured output.

It never changes what pytest runs or prints.
"""
import json
import os

import pytest

_MAX_REPR = 4000
_MAX_OUTPUT = 4000
_current = {"nodeid": None}
_comparisons = {}

# unittest's assertion helpers keep the compared values in these locals.
_UNITTEST_PAIRS = (("first", "second"), ("d1", "d2"), ("list1", "list2"), ("seq1", "seq2"),
                   ("tuple1", "tuple2"), ("set1", "set2"))


def _short(text):
    return text if len(text) <= _MAX_REPR else text[:_MAX_REPR] + "..."


def _repr(value):
    try:
        return _short(repr(value))
    except Exception as error:  # a broken __repr__ must not break the run
        return "<repr failed: %s>" % error


def _excerpt(text):
    if len(text) <= _MAX_OUTPUT:
        return text
    half = _MAX_OUTPUT // 2
    return "%s\n... [%d characters dropped] ...\n%s" % (text[:half], len(text) - 2 * half, text[-half:])


def pytest_assertrepr_compare(config, op, left, right):
    # Called by assertion rewriting for each failed comparison; left is what the test computed.
    if op == "==" and _current["nodeid"] is not None:
        _comparisons[_current["nodeid"]] = (_repr(left), _repr(right))
    return None


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_protocol(item, nextitem):
    _current["nodeid"] = item.nodeid
    try:
        yield
    finally:
        _current["nodeid"] = None
        _comparisons.pop(item.nodeid, None)


def _is_runner_frame(frame):
    # pytest's and pluggy's own frames, and unittest's (which mark themselves with __unittest,
    # the way unittest hides them from its own tracebacks).
    if frame.f_globals.get("__unittest"):
        return True
    parts = frame.f_code.co_filename.replace("\\", "/").split("/")
    return "_pytest" in parts or "pluggy" in parts


def _frames(tb):
    frames = []
    while tb is not None:
        if not _is_runner_frame(tb.tb_frame):
            code = tb.tb_frame.f_code
            frames.append({"file": code.co_filename, "line": tb.tb_lineno, "function": code.co_name})
        tb = tb.tb_next
    return frames[-50:]


def _unittest_values(tb):
    """actual/expected of a failed unittest assertEqual-style call, from the outermost helper frame."""
    while tb is not None:
        frame = tb.tb_frame
        filename = frame.f_code.co_filename.replace("\\", "/")
        if filename.endswith("/unittest/case.py"):
            for actual, expected in _UNITTEST_PAIRS:
                if actual in frame.f_locals and expected in frame.f_locals:
                    return _repr(frame.f_locals[actual]), _repr(frame.f_locals[expected])
        tb = tb.tb_next
    return None


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    props = item.user_properties
    if call.when == "setup":
        path, lineno, _ = item.location
        props.append(("selfdebug.nodeid", item.nodeid))
        props.append(("selfdebug.location", json.dumps({
            "file": path.replace(os.sep, "/"),
            "line": lineno + 1 if isinstance(lineno, int) else None,
        })))
    if not report.failed or call.excinfo is None:
        return
    try:
        failure = {"when": call.when, "frames": _frames(call.excinfo.tb),
                   "exception": call.excinfo.typename, "message": _short(str(call.excinfo.value))}
        values = _comparisons.get(item.nodeid) or _unittest_values(call.excinfo.tb)
        if values is not None:
            failure["actual"], failure["expected"] = values
        output = "".join(content for _name, content in report.sections if content)
        if output:
            failure["output"] = _excerpt(output)
        props.append(("selfdebug.failure", json.dumps(failure)))
    except Exception as error:  # never let the plugin turn a report into a crash
        props.append(("selfdebug.plugin-error", repr(error)))
