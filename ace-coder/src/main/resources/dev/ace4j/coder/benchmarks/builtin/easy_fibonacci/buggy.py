def fibonacci(n: int) -> int:
    # Bug: the base case returns 1 for both n == 0 and n == 1.
    if n < 2:
        return 1
    a, b = 1, 1
    for _ in range(n - 2):
        a, b = b, a + b
    return b
