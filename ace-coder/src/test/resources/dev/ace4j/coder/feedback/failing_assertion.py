class Result:
    """Compared with an int it fails, and its default repr names its memory address."""


def factorial(n):
    if n == 5:
        return Result()
    return n + 1
