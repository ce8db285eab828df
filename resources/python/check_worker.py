"""Persistent check worker for SelfDebug (Python candidates).

Started once by the extension and kept alive. It reads JSON-line requests on fd 3 and writes
JSON-line answers on fd 4, so whatever candidate code does to stdout/stderr cannot corrupt the
protocol. Each candidate runs in a forked child that loads it once and runs all its checks,
each with its own timeout; the child gets a memory limit (RLIMIT_AS), its own process group,
a scratch directory and /dev/null for stdin/stdout/stderr. When a child dies (os._exit, a
crash, the memory limit) or ignores its timeout (a bare `except:` around a loop), the parent
kills it, records the check it was on and forks a fresh child for the remaining checks.

Requests:
  {"op": "suite", "suite": "s", "checks": [{"id": "c1", "kind": "exec"|"eval", "code": "..."}]}
      compiles a set of checks once, shared by many candidates (answer: "suite").
  {"op": "run", "req": 1, "code": "...", "suite": "s" | "checks": [...], "only": ["c1"],
   "timeoutMs": 1000, "loadTimeoutMs": 5000, "memoryMb": 512, "outputLimit": 2000,
   "entryPoint": "f"}
      loads the candidate and runs the checks (answer: "result"). A check with "fresh": true
      runs against a freshly loaded copy of the candidate (state left by earlier checks is gone).
      With "entryPoint", a call of that function that ran out of time is not run again with the
      same arguments: later checks get the timeout at once (a loop costs one timeout, not one per
      check that reaches it). With "maxTimeouts": N, once N checks of the candidate ran out of
      time the remaining ones are reported as timeouts without running, except checks marked
      "always": true; with "exhaustedTimeoutMs" they run instead with that shorter timeout.

Timeouts are CPU time (SIGPROF), so a busy machine does not turn a slow-but-correct candidate into
a timeout; a check that sleeps or blocks is stopped by the parent's wall-clock deadline.
  {"op": "drop", "suite": "s"}   forgets a suite.
  {"op": "exit"}                 ends the worker.

Not a security sandbox: it contains accidents (loops, floods, exits, memory), not malice.
"""

import importlib.util
import json
import os
import re
import resource
import select
import shutil
import signal
import sys
import tempfile
import time
import traceback

REQUEST_FD = 3
ANSWER_FD = 4
VALUE_LIMIT = 1000
MESSAGE_LIMIT = 2000


class CheckTimeout(BaseException):
    """Raised by the interval timer; a BaseException so `except Exception` in a candidate cannot swallow it."""


def clip(text, limit):
    if len(text) <= limit:
        return text
    half = limit // 2
    return text[:half] + ' ... ' + text[-half:]


class CappedWriter:
    """Stands in for sys.stdout/sys.stderr in the child: keeps the first `limit` characters, drops the rest."""

    def __init__(self, limit):
        self.limit = limit
        self.parts = []
        self.size = 0
        self.dropped = False

    def write(self, text):
        if not isinstance(text, str):
            text = str(text)
        room = self.limit - self.size
        if room > 0:
            piece = text[:room]
            self.parts.append(piece)
            self.size += len(piece)
        if len(text) > room:
            self.dropped = True
        return len(text)

    def flush(self):
        pass

    def close(self):
        pass

    def isatty(self):
        return False

    def value(self):
        text = ''.join(self.parts)
        return text + (' ...' if self.dropped else '')


def describe_exception(error):
    name = type(error).__name__
    text = str(error)
    return clip(f'{name}: {text}' if text else name, MESSAGE_LIMIT)


def check_location(error, filename):
    """Line of the innermost frame in the check itself, for a readable failure message."""
    tb = error.__traceback__
    line = None
    while tb is not None:
        if tb.tb_frame.f_code.co_filename == filename:
            line = tb.tb_lineno
        tb = tb.tb_next
    return line


def compile_check(check):
    kind = check.get('kind', 'exec')
    filename = f'<check {check["id"]}>'
    try:
        code = compile(check['code'], filename, 'eval' if kind == 'eval' else 'exec')
        return (check['id'], kind, code, filename, None, bool(check.get('fresh')), bool(check.get('always')))
    except (SyntaxError, ValueError, TypeError, RecursionError, MemoryError) as error:
        return (check['id'], kind, None, filename, describe_exception(error), False, True)


# ----------------------------------------------------------------------------------------------
# Child side: load the candidate once, run the checks, write one JSON line per step.


try:  # loaded once in the worker, used in every child
    import ctypes
    _prctl = ctypes.CDLL(None, use_errno=True).prctl if sys.platform.startswith('linux') else None
except Exception:  # noqa: BLE001
    _prctl = None


def die_with_parent():
    """Linux: the child is killed when the worker dies (it runs in its own process group)."""
    if _prctl is not None:
        try:
            _prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
        except Exception:  # noqa: BLE001 - the parent's deadline still bounds the child
            pass


def child_main(result_fd, request, checks, scratch):
    os.setpgid(0, 0)
    die_with_parent()
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    devnull = os.open(os.devnull, os.O_RDWR)
    for fd in (0, 1, 2):
        os.dup2(devnull, fd)
    os.close(devnull)
    for fd in (REQUEST_FD, ANSWER_FD):
        try:
            os.close(fd)
        except OSError:
            pass
    memory = int(request.get('memoryMb', 512)) * 1024 * 1024
    try:
        resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    except (ValueError, OSError):
        pass
    try:
        limit = 64 * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
    except (ValueError, OSError):
        pass
    os.chdir(scratch)
    signal.signal(signal.SIGPROF, on_alarm)
    output_limit = int(request.get('outputLimit', 2000))

    def emit(record):
        data = (json.dumps(record) + '\n').encode('utf-8', 'replace')
        view = memoryview(data)
        while view:
            written = os.write(result_fd, view)
            view = view[written:]

    load_timeout = float(request.get('loadTimeoutMs', 5000)) / 1000.0
    entry_point = request.get('entryPoint')
    timed_out_calls = set()
    remember = [True]

    def load_candidate():
        namespace = {'__name__': '__candidate__', '__builtins__': __builtins__}
        signal.setitimer(signal.ITIMER_PROF, load_timeout)
        try:
            exec(code, namespace)
        finally:
            signal.setitimer(signal.ITIMER_PROF, 0)
        if entry_point and callable(namespace.get(entry_point)):
            namespace[entry_point] = remember_timeouts(namespace[entry_point], timed_out_calls, remember)
        return namespace

    started = time.perf_counter()
    writer = CappedWriter(output_limit)
    sys.stdout = sys.stderr = writer
    try:
        code = compile(request['code'], '<candidate>', 'exec')
        namespace = load_candidate()
        load = {'step': 'load', 'status': 'ok'}
    except CheckTimeout:
        load = {'step': 'load', 'status': 'timeout', 'message': f'loading took more than {load_timeout:g} s'}
    except BaseException as error:  # noqa: BLE001 - a candidate may raise anything, SystemExit included
        load = {'step': 'load', 'status': 'error', 'message': describe_exception(error)}
    load['ms'] = round((time.perf_counter() - started) * 1000, 3)
    if writer.size:
        load['output'] = writer.value()
    emit(load)
    if load['status'] != 'ok':
        os._exit(0)

    timeout = float(request.get('timeoutMs', 1000)) / 1000.0
    max_timeouts = request.get('maxTimeouts')
    exhausted_timeout = request.get('exhaustedTimeoutMs')
    timeouts = int(request.get('timeoutsSoFar', 0))
    for check_id, kind, check_code, filename, compile_error, fresh, always in checks:
        if compile_error is not None:
            emit({'step': 'check', 'id': check_id, 'status': 'error', 'message': compile_error, 'ms': 0})
            continue
        limit = timeout
        exhausted = max_timeouts is not None and timeouts >= max_timeouts and not always
        if exhausted and exhausted_timeout is None:
            emit({'step': 'check', 'id': check_id, 'status': 'timeout', 'ms': 0,
                  'message': f'not run: the candidate already ran out of time {timeouts} times'})
            continue
        if exhausted:
            limit = float(exhausted_timeout) / 1000.0
        # Only a timeout at the full limit is remembered for the entry point's arguments.
        remember[0] = limit >= timeout
        writer = CappedWriter(output_limit)
        sys.stdout = sys.stderr = writer
        record = {'step': 'check', 'id': check_id}
        started = time.perf_counter()
        try:
            scope = dict(load_candidate() if fresh else namespace)
            signal.setitimer(signal.ITIMER_PROF, limit)
            try:
                value = eval(check_code, scope) if kind == 'eval' else exec(check_code, scope)
            finally:
                signal.setitimer(signal.ITIMER_PROF, 0)
            record['status'] = 'pass'
            if kind == 'eval':
                try:
                    record['value'] = clip(repr(value), VALUE_LIMIT)
                except BaseException as error:  # noqa: BLE001 - a broken __repr__
                    record['value'] = f'<unprintable: {describe_exception(error)}>'
        except CheckTimeout as error:
            record['status'] = 'timeout'
            if error.args == ('repeat',):
                record['message'] = f'{entry_point}() with the same arguments already took more than {timeout:g} s'
            else:
                record['message'] = f'took more than {limit:g} s'
                timeouts += 1
        except AssertionError as error:
            record['status'] = 'fail'
            text = str(error)
            line = check_location(error, filename)
            record['message'] = clip('AssertionError' + (f': {text}' if text else '') + (f' (line {line})' if line else ''), MESSAGE_LIMIT)
        except BaseException as error:  # noqa: BLE001
            record['status'] = 'error'
            record['message'] = describe_exception(error)
        record['ms'] = round((time.perf_counter() - started) * 1000, 3)
        if writer.size:
            record['output'] = writer.value()
        scope = None
        emit(record)
    os._exit(0)


def on_alarm(signum, frame):
    raise CheckTimeout()


def remember_timeouts(function, timed_out_calls, remember):
    """Wraps the entry point: arguments that ran out of time once fail at once afterwards.

    Only the outermost call is remembered, so a recursive candidate does not poison the
    arguments of the inner calls that happened to be running when the timer fired.
    """
    depth = [0]

    def wrapper(*args, **kwargs):
        if depth[0]:
            return function(*args, **kwargs)
        try:
            key = repr((args, sorted(kwargs.items())))
        except BaseException:  # noqa: BLE001 - unprintable arguments: just call
            key = None
        if key is not None and key in timed_out_calls:
            raise CheckTimeout('repeat')
        depth[0] += 1
        try:
            return function(*args, **kwargs)
        except CheckTimeout:
            if key is not None and remember[0]:
                timed_out_calls.add(key)
            raise
        finally:
            depth[0] -= 1

    wrapper.__wrapped__ = function
    wrapper.__name__ = getattr(function, '__name__', 'wrapper')
    wrapper.__doc__ = getattr(function, '__doc__', None)
    return wrapper


# ----------------------------------------------------------------------------------------------
# Parent side: fork, watch the child with deadlines, restart it after a crash.


def kill_child(pid):
    for kill in (lambda: os.killpg(pid, signal.SIGKILL), lambda: os.kill(pid, signal.SIGKILL)):
        try:
            kill()
        except OSError:
            pass


def reap(pid):
    try:
        _, status = os.waitpid(pid, 0)
        return status
    except ChildProcessError:
        return None


def exit_description(status):
    if status is None:
        return 'the check process ended'
    if os.WIFSIGNALED(status):
        number = os.WTERMSIG(status)
        try:
            name = signal.Signals(number).name
        except ValueError:
            name = str(number)
        return f'the check process was killed by {name}'
    return f'the check process exited with code {os.WEXITSTATUS(status)}'


def clear_folder(folder):
    """Empties the scratch folder a candidate ran in (cheap when, as usual, it wrote nothing)."""
    try:
        entries = list(os.scandir(folder))
    except OSError:
        os.makedirs(folder, exist_ok=True)
        return
    for entry in entries:
        try:
            if entry.is_dir(follow_symlinks=False):
                shutil.rmtree(entry.path, ignore_errors=True)
            else:
                os.unlink(entry.path)
        except OSError:
            pass


def run_child(request, checks, scratch_root):
    """Runs `checks` in one child. Returns (load record, check records, index reached, crash note)."""
    timeout = float(request.get('timeoutMs', 1000)) / 1000.0
    load_timeout = float(request.get('loadTimeoutMs', 5000)) / 1000.0
    # The soft limit is CPU time; the wall-clock deadline only catches checks that block or
    # swallow the timeout, and leaves room for a busy machine.
    grace = max(2.0, 10 * timeout)
    scratch = scratch_root
    read_fd, write_fd = os.pipe()
    pid = os.fork()
    if pid == 0:
        try:
            os.close(read_fd)
            child_main(write_fd, request, checks, scratch)
        finally:
            os._exit(0)
    os.close(write_fd)
    load = None
    records = []
    buffer = b''
    deadline = time.monotonic() + load_timeout + grace
    note = None
    timed_out = False
    try:
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                timed_out = True
                break
            ready, _, _ = select.select([read_fd], [], [], remaining)
            if not ready:
                continue
            chunk = os.read(read_fd, 65536)
            if not chunk:
                break
            buffer += chunk
            while b'\n' in buffer:
                line, buffer = buffer.split(b'\n', 1)
                try:
                    record = json.loads(line)
                except ValueError:
                    note = 'the check process wrote a corrupt result'
                    break
                if record.get('step') == 'load':
                    load = record
                else:
                    records.append(record)
                deadline = time.monotonic() + timeout + grace
            if note:
                break
    finally:
        kill_child(pid)
        status = reap(pid)
        os.close(read_fd)
        clear_folder(scratch)
    if load is None:
        if timed_out:
            load = {'step': 'load', 'status': 'timeout', 'message': f'loading took more than {load_timeout:g} s'}
        else:
            load = {'step': 'load', 'status': 'error', 'message': note or exit_description(status)}
        return load, records, None
    if len(records) >= len(checks) or load['status'] != 'ok':
        return load, records, None
    if timed_out:
        return load, records, ('timeout', f'took more than {timeout:g} s (stopped)')
    return load, records, ('error', note or exit_description(status))


def run_candidate(request, checks, scratch_root):
    started = time.perf_counter()
    load, records, crash = run_child(request, checks, scratch_root)
    results = [strip(r) for r in records]
    forks = 1
    position = len(records)
    while crash is not None and position < len(checks):
        status, message = crash
        results.append({'id': checks[position][0], 'status': status, 'message': message})
        position += 1
        if position >= len(checks):
            break
        spent = sum(1 for r in results if r['status'] == 'timeout' and not r.get('message', '').startswith(('not run', entry_name(request))))
        reload, records, crash = run_child(dict(request, timeoutsSoFar=spent), checks[position:], scratch_root)
        forks += 1
        results.extend(strip(r) for r in records)
        position += len(records)
        if reload['status'] != 'ok':
            # Loading worked the first time but not now (it depends on time or randomness).
            why = f"could not reload the candidate: {reload.get('message', reload['status'])}"
            results.extend({'id': c[0], 'status': 'error', 'message': why} for c in checks[position:])
            break
    answer = {'type': 'result', 'req': request['req'], 'load': strip(load), 'checks': results, 'forks': forks}
    answer['ms'] = round((time.perf_counter() - started) * 1000, 3)
    return answer


def entry_name(request):
    """Prefix of the message of a timeout answered from memory (not a real timeout)."""
    return f"{request.get('entryPoint')}() with the same arguments" if request.get('entryPoint') else '\0'


def strip(record):
    record = dict(record)
    record.pop('step', None)
    if record.get('ms') is None:
        record.pop('ms', None)
    return record


IMPORT_LINE = re.compile(r'^[ \t]*(?:from[ \t]+([A-Za-z_]\w*)[\w.]*[ \t]+import\b|import[ \t]+([A-Za-z_]\w*))', re.M)
PRELOAD_LIMIT = 64
PRELOAD_AFTER = 3
_preloaded = set()
_import_counts = {}


def preload_imports(code, suite):
    """Imports, in the worker itself, the installed modules that candidates keep importing.

    Children are forked from the worker, so a module imported here once is free in every later
    candidate (numpy costs ~0.2 s per import otherwise). A module is preloaded once the third
    candidate of the same suite imports it: a bigger worker makes every fork a little slower, so
    a module only a stray candidate wants is not worth it. Only modules that resolve outside the
    current folder (stdlib or site-packages) are preloaded; a failing import is just skipped.
    """
    for name in {m.group(1) or m.group(2) for m in IMPORT_LINE.finditer(code)}:
        if name in _preloaded or name in sys.modules or len(_preloaded) >= PRELOAD_LIMIT:
            continue
        key = (suite, name)
        _import_counts[key] = _import_counts.get(key, 0) + 1
        if _import_counts[key] < PRELOAD_AFTER:
            continue
        _preloaded.add(name)
        try:
            spec = importlib.util.find_spec(name)
            origin = getattr(spec, 'origin', None) or ''
            if spec is None or (origin and os.path.abspath(origin).startswith(os.getcwd() + os.sep)):
                continue
            saved = sys.stdout, sys.stderr
            try:
                sys.stdout = sys.stderr = CappedWriter(0)
                importlib.import_module(name)
            finally:
                sys.stdout, sys.stderr = saved
        except BaseException:  # noqa: BLE001 - anything an import may raise, SystemExit included
            pass


def main():
    try:
        requests = os.fdopen(REQUEST_FD, 'rb', buffering=0)
        answers = os.fdopen(ANSWER_FD, 'wb', buffering=0)
    except OSError as error:
        sys.stderr.write(f'check_worker: protocol pipes missing on fd 3/4 ({error})\n')
        return 2
    # The protocol pipes must not leak into candidate children beyond the fork (they close them).
    sys.setrecursionlimit(max(sys.getrecursionlimit(), 1000))
    scratch_root = tempfile.mkdtemp(prefix='selfdebug-checks-')
    suites = {}

    def send(record):
        data = (json.dumps(record) + '\n').encode('utf-8', 'replace')
        view = memoryview(data)
        while view:
            written = answers.write(view)
            view = view[written:]

    # Objects alive now are never collected: forked children then do not copy their pages.
    import gc
    gc.freeze()
    send({'type': 'ready', 'pid': os.getpid(), 'python': sys.version.split()[0]})
    pending = b''
    try:
        while True:
            chunk = requests.read(1 << 20)
            if not chunk:
                break
            pending += chunk
            while b'\n' in pending:
                line, pending = pending.split(b'\n', 1)
                if not line.strip():
                    continue
                try:
                    request = json.loads(line)
                    op = request.get('op')
                    if op == 'suite':
                        compiled = [compile_check(c) for c in request['checks']]
                        suites[request['suite']] = compiled
                        invalid = {c[0]: c[4] for c in compiled if c[4] is not None}
                        send({'type': 'suite', 'suite': request['suite'], 'invalid': invalid})
                    elif op == 'drop':
                        suites.pop(request.get('suite'), None)
                        for key in [k for k in _import_counts if k[0] == request.get('suite')]:
                            del _import_counts[key]
                    elif op == 'run':
                        if 'suite' in request:
                            if request['suite'] not in suites:
                                raise KeyError(f'unknown suite {request["suite"]}')
                            checks = suites[request['suite']]
                        else:
                            checks = [compile_check(c) for c in request.get('checks', [])]
                        preload_imports(request.get('code', ''), request.get('suite'))
                        only = request.get('only')
                        if only is not None:
                            wanted = set(only)
                            checks = [c for c in checks if c[0] in wanted]
                        send(run_candidate(request, checks, scratch_root))
                    elif op == 'exit':
                        return 0
                    else:
                        raise ValueError(f'unknown op {op!r}')
                except Exception as error:  # noqa: BLE001 - a bad request must not end the worker
                    req = None
                    try:
                        req = json.loads(line).get('req')
                    except Exception:  # noqa: BLE001
                        pass
                    send({'type': 'error', 'req': req, 'message': describe_exception(error), 'trace': traceback.format_exc(limit=3)})
    finally:
        shutil.rmtree(scratch_root, ignore_errors=True)
    return 0


if __name__ == '__main__':
    sys.exit(main())
