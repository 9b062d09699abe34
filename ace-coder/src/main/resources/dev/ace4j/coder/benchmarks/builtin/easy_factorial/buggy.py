def factorial(n: int) -> int:
    # Bug: negative n returns 1 instead of raising ValueError.
    result = 1
    for i in range(2, n + 1):
        result *= i
    return result
