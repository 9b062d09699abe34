# ace4j's warm Python: a fork server, pid 1 of a long-lived bubblewrap sandbox (started with --as-pid-1), with the
# interpreter and the modules named on its command line already imported. Each request forks a fresh child that runs
# the program as `python3 -s ...` would, under the request's rlimits and environment, in /work.
#
# Protocol: the host writes requests on descriptor 0, each a 4-byte big-endian length and a JSON object; this server
# answers on descriptor 1 with frames of one kind byte, a 4-byte big-endian length and the payload:
#   R  ready for a request (empty)      O  a chunk of the program's stdout      E  a chunk of its stderr
#   F  the requested outputs, as a tar  X  the program's exit status, as ASCII (128 + signal when killed)
# Between runs nothing is left: when the program ends every other process of the sandbox is killed and reaped, then
# /work, /tmp and /dev/shm are emptied. The program cannot reach this server: as pid 1 of its namespace it receives
# no signal it has no handler for (and it has none), it is not dumpable (its /proc files, memory and descriptors stay
# closed to the same uid), seccomp refuses ptrace, and the child closes the protocol's descriptors.
import base64
import ctypes
import io
import json
import os
import resource
import signal
import stat
import struct
import sys
import tarfile
import types

PROTO_IN = os.dup(0)
PROTO_OUT = os.dup(1)
SCRATCH = ("/work", "/tmp", "/dev/shm")
CHUNK = 65536
PR_SET_DUMPABLE = 4
LIBC = ctypes.CDLL(None, use_errno=True)


def main():
    LIBC.prctl(PR_SET_DUMPABLE, 0, 0, 0, 0)
    # As pid 1 a signal with the default action is never delivered from inside: the program cannot stop this server.
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    null = os.open("/dev/null", os.O_RDWR)
    os.dup2(null, 0)
    os.dup2(null, 1)
    os.close(null)
    os.set_inheritable(PROTO_IN, False)
    os.set_inheritable(PROTO_OUT, False)
    for module in sys.argv[1:]:
        preload(module)
    # What is loaded now stays out of the collector's reach: a run's collections then do not touch (and so copy)
    # the server's pages.
    import gc
    gc.collect()
    gc.freeze()
    sys.path[:] = [p for p in sys.path if p not in ("", os.getcwd())]
    send(b"R", b"")
    while True:
        request = receive()
        if request is None:
            return
        serve(request)
        wipe()
        send(b"R", b"")


def preload(spec):
    """Imports a module, or with "NAME=SOURCE" makes module NAME of SOURCE as if /work/NAME.py were imported."""
    module, _, source = spec.partition("=")
    if source:
        loaded = types.ModuleType(module)
        loaded.__file__ = "/work/" + module + ".py"
        exec(compile(source, loaded.__file__, "exec", dont_inherit=True), loaded.__dict__)
        sys.modules[module] = loaded
        return
    __import__(module)
    if module == "pytest":
        # pytest imports its built-in plugins while it configures each session: here once, not in every run.
        import _pytest.config
        for plugin in _pytest.config.default_plugins:
            try:
                __import__("_pytest." + plugin)
            except ImportError:
                pass


def send(kind, payload):
    data = kind + struct.pack(">I", len(payload)) + payload
    view = memoryview(data)
    while view:
        view = view[os.write(PROTO_OUT, view):]


def read_exactly(n):
    parts = []
    while n:
        part = os.read(PROTO_IN, n)
        if not part:
            return None
        parts.append(part)
        n -= len(part)
    return b"".join(parts)


def receive():
    header = read_exactly(4)
    if header is None:
        return None
    body = read_exactly(struct.unpack(">I", header)[0])
    return None if body is None else json.loads(body)


def serve(request):
    for path, content in request["files"]:
        target = os.path.join("/work", path)
        os.makedirs(os.path.dirname(target), exist_ok=True)
        with open(target, "wb") as f:
            f.write(base64.b64decode(content))
    stdin = os.open("/tmp", os.O_TMPFILE | os.O_RDWR, 0o600)
    os.write(stdin, base64.b64decode(request["stdin"]))
    os.lseek(stdin, 0, os.SEEK_SET)
    out_r, out_w = os.pipe()
    err_r, err_w = os.pipe()
    pid = os.fork()
    if pid == 0:
        try:
            child(request, stdin, out_w, err_w)
        except BaseException as e:
            os.write(2, ("ace4j-zygote: cannot start the program: %r\n" % (e,)).encode())
        finally:
            os._exit(127)
    for fd in (stdin, out_w, err_w):
        os.close(fd)
    status = relay(pid, {out_r: b"O", err_r: b"E"})
    if request["outputs"]:
        send(b"F", archive(request["outputs"], request["maxBytes"]))
    send(b"X", str(status).encode())


def relay(pid, streams):
    """Forwards the program's output until it has ended and every process it left is dead; returns its status."""
    status = None
    while streams or status is None:
        if streams:
            import select
            ready, _, _ = select.select(list(streams), [], [], 0.05)
            for fd in ready:
                chunk = os.read(fd, CHUNK)
                if chunk:
                    send(streams[fd], chunk)
                else:
                    os.close(fd)
                    del streams[fd]
        else:
            # Its streams are closed and it has not ended yet (it is exiting): wait for a child to end rather than
            # poll, which would take the CPU from the exit it waits for.
            wait_for_child()
        status = reap(pid, status)
        if status is not None and streams:
            # The program is gone; whatever it left holds its pipes open: end it as the sandbox's end would.
            kill_others()
    kill_others()
    return status


def wait_for_child():
    try:
        os.waitid(os.P_ALL, 0, os.WEXITED | os.WNOWAIT)
    except ChildProcessError:
        pass


def reap(pid, status):
    """Collects every dead child (as pid 1, orphans are ours too); the program's status once it has ended."""
    while True:
        try:
            dead, code = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return status
        if dead == 0:
            return status
        if dead == pid:
            status = os.waitstatus_to_exitcode(code)
            status = 128 - status if status < 0 else status


def kill_others():
    """SIGKILLs every process of the sandbox but this one, until none is left."""
    while True:
        try:
            os.kill(-1, signal.SIGKILL)
        except ProcessLookupError:
            pass
        try:
            os.waitpid(-1, 0)
        except ChildProcessError:
            return


def archive(outputs, max_bytes):
    """The regular files under the requested outputs as the cold sandbox's tar copies them (no links), and like that
    archive, written under the file-size limit: cut at max_bytes, which the host reports."""
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w", format=tarfile.USTAR_FORMAT) as tar:
        for output in outputs:
            for path in walk(os.path.join("/work", output)):
                info = tarfile.TarInfo(os.path.relpath(path, "/work"))
                info.size = os.lstat(path).st_size
                info.mode = 0o644
                with open(path, "rb") as f:
                    tar.addfile(info, f)
                if buffer.tell() > max_bytes:
                    return buffer.getvalue()[:max_bytes]
    return buffer.getvalue()[:max_bytes]


def walk(path):
    try:
        mode = os.lstat(path).st_mode
    except OSError:
        return
    if stat.S_ISREG(mode):
        yield path
    elif stat.S_ISDIR(mode):
        for name in sorted(os.listdir(path)):
            yield from walk(os.path.join(path, name))


def wipe():
    for top in SCRATCH:
        for name in os.listdir(top):
            remove(os.path.join(top, name))


def remove(path):
    try:
        mode = os.lstat(path).st_mode
    except FileNotFoundError:
        return
    if stat.S_ISDIR(mode):
        os.chmod(path, 0o700)
        for name in os.listdir(path):
            remove(os.path.join(path, name))
        os.rmdir(path)
    else:
        os.unlink(path)


def child(request, stdin, out_w, err_w):
    os.setsid()
    os.dup2(stdin, 0)
    os.dup2(out_w, 1)
    os.dup2(err_w, 2)
    os.closerange(3, os.sysconf("SC_OPEN_MAX"))
    LIBC.prctl(PR_SET_DUMPABLE, 1, 0, 0, 0)  # its own /proc files are the program's again, as in a cold run
    with open("/proc/self/oom_score_adj", "w") as f:
        f.write("1000")  # under the memory limit, the program dies before this server
    for name, soft, hard in request["rlimits"]:
        resource.setrlimit(getattr(resource, name), (soft, hard))
    for end in request["channel"]:  # in the given order, which both sides share; "<" reads as 3, ">" writes as 4
        fd = 3 if end[0] == "<" else 4
        opened = os.open(end[1:], os.O_RDONLY if end[0] == "<" else os.O_WRONLY)
        if opened != fd:
            os.dup2(opened, fd)
            os.close(opened)
    os.chdir("/work")
    os.environ.clear()
    os.environ.update(request["env"])
    signal.signal(signal.SIGINT, signal.default_int_handler)
    if "random" in sys.modules:
        sys.modules["random"].seed()
    os._exit(run(request["argv"]))


def run(argv):
    """Runs `python3 -s ARGV...` in this process; returns the exit status the interpreter would."""
    main = types.ModuleType("__main__")
    main.__builtins__ = __builtins__
    sys.modules["__main__"] = main
    code = 0
    try:
        if argv[0] == "-m":
            import runpy
            sys.argv = argv[1:]
            sys.path.insert(0, "/work")
            runpy._run_module_as_main(argv[1])
        elif argv[0] == "-c":
            sys.argv = ["-c"] + argv[2:]
            sys.path.insert(0, "")
            exec(compile(argv[1], "<string>", "exec", dont_inherit=True), main.__dict__)
        else:
            script = os.path.abspath(argv[0])
            sys.argv = argv
            sys.path.insert(0, os.path.dirname(script))
            main.__file__ = script
            with open(script, "rb") as f:
                source = f.read()
            exec(compile(source, script, "exec", dont_inherit=True), main.__dict__)
    except SystemExit as e:
        code = exit_code(e)
    except BaseException as e:
        # As the interpreter reports it: without this server's frame.
        e = e.with_traceback(e.__traceback__.tb_next if e.__traceback__ else None)
        sys.excepthook(type(e), e, e.__traceback__)
        code = 1
    return finish(code)


def exit_code(e):
    if e.code is None:
        return 0
    if isinstance(e.code, int):
        return e.code & 0xFF
    try:
        print(e.code, file=sys.stderr)
    except Exception:
        pass
    return 1


def finish(code):
    """What the interpreter does at its end: joins threads, runs atexit handlers, flushes the streams."""
    try:
        if "threading" in sys.modules:
            sys.modules["threading"]._shutdown()
        import atexit
        atexit._run_exitfuncs()
    except SystemExit as e:
        code = exit_code(e)
    except BaseException:
        pass
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except Exception:
            if stream is sys.stdout:
                code = 120
    return code


main()
