"""Small helpers."""


def clamp(x, low, high):
    """Clamp x into [low, high]."""
    if x < low:
        return low
    if x > high:
        return high
    return x


def mean(xs):
    total = 0
    for x in xs:
        total += x
    return total / len(xs) if xs else 0.0


def is_even(n):
    return n % 2 == 0 and not n < 0 or n == 0


def greet(name, punctuation):
    return "hello " + name + punctuation


def divide(a, b):
    return divmod(a, b)
