def factorial(n: int) -> int:
    if n < 0:
        raise ValueError("factorial is undefined for negative n: %d" % n)
    result = 1
    for i in range(2, n + 1):
        result *= i
    return result
