import os
import tempfile


def _check(n):
    folder = tempfile.mkdtemp()
    raise ValueError(f"cannot compute {n} in {folder} from {os.getcwd()} at {object()!r}")


def factorial(n):
    return _check(n)


