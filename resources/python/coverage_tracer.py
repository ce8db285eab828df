"""SelfDebug per-test line coverage for pytest, without the `coverage` package.

Loaded with `-p coverage_tracer` (this folder on PYTHONPATH). Records, for every test, which
lines of which files under SELFDEBUG_COVERAGE_ROOT ran during its setup, call and teardown, and
the test's outcome; writes one JSON document to SELFDEBUG_COVERAGE_OUT at the end of the session.

Only frames of workspace files get a local (line) tracer: library code costs one dict lookup
per call, which keeps the overhead small enough to run the suite once more for localization.
"""
import json
import os
import sys
import threading

_ROOT = os.path.realpath(os.environ.get("SELFDEBUG_COVERAGE_ROOT", os.getcwd()))
_OUT = os.environ.get("SELFDEBUG_COVERAGE_OUT")
_SKIP_PARTS = (os.sep + "site-packages" + os.sep, os.sep + "dist-packages" + os.sep, os.sep + ".venv" + os.sep,
               os.sep + "venv" + os.sep, os.sep + ".tox" + os.sep, os.sep + "node_modules" + os.sep)
_THIS = os.path.realpath(__file__)

_wanted = {}      # code filename -> relative path or None
_current = None   # {relative path: set(lines)} of the running test
_results = {}     # nodeid -> {"outcome": str, "lines": {path: set}}
_order = []


def _relative(filename):
    known = _wanted.get(filename, False)
    if known is not False:
        return known
    rel = None
    if filename and not filename.startswith("<"):
        real = os.path.realpath(filename)
        if real != _THIS and (real == _ROOT or real.startswith(_ROOT + os.sep)) and not any(p in real for p in _SKIP_PARTS):
            rel = os.path.relpath(real, _ROOT).replace(os.sep, "/")
    _wanted[filename] = rel
    return rel


def _global_trace(frame, event, arg):
    if event != "call" or _current is None:
        return None
    rel = _relative(frame.f_code.co_filename)
    if rel is None:
        return None
    lines = _current.get(rel)
    if lines is None:
        lines = _current[rel] = set()
    lines.add(frame.f_lineno)

    def _local_trace(frame, event, arg):
        if event == "line":
            lines.add(frame.f_lineno)
        return _local_trace

    return _local_trace


def _start(nodeid):
    global _current
    entry = _results.get(nodeid)
    if entry is None:
        entry = _results[nodeid] = {"outcome": "passed", "lines": {}}
        _order.append(nodeid)
    _current = entry["lines"]


def _stop():
    global _current
    _current = None


def pytest_configure(config):
    if not _OUT:
        return
    sys.settrace(_global_trace)
    threading.settrace(_global_trace)


def pytest_unconfigure(config):
    sys.settrace(None)
    threading.settrace(None)
    if not _OUT:
        return
    document = {
        "version": 1,
        "root": _ROOT,
        "tests": [
            {
                "id": nodeid,
                "outcome": _results[nodeid]["outcome"],
                "lines": {path: sorted(lines) for path, lines in _results[nodeid]["lines"].items()},
            }
            for nodeid in _order
        ],
    }
    tmp = _OUT + ".tmp"
    with open(tmp, "w", encoding="utf-8") as handle:
        json.dump(document, handle)
    os.replace(tmp, _OUT)


def pytest_runtest_logstart(nodeid, location):
    if _OUT:
        _start(nodeid)


def pytest_runtest_logfinish(nodeid, location):
    if _OUT:
        _stop()


def pytest_runtest_logreport(report):
    if not _OUT:
        return
    entry = _results.get(report.nodeid)
    if entry is None:
        return
    if report.failed:
        entry["outcome"] = "failed" if report.when == "call" else "error"
    elif report.skipped and entry["outcome"] == "passed" and report.when in ("setup", "call"):
        entry["outcome"] = "skipped"
