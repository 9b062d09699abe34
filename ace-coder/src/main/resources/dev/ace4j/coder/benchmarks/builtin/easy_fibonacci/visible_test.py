from solution import fibonacci


def test_small_values():
    assert fibonacci(1) == 1
    assert fibonacci(2) == 1


def test_tenth():
    assert fibonacci(10) == 55
