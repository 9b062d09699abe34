import math

import pytest

from solution import factorial


def test_zero_is_one():
    assert factorial(0) == 1


def test_one():
    assert factorial(1) == 1


def test_small_values():
    assert [factorial(i) for i in range(8)] == [1, 1, 2, 6, 24, 120, 720, 5040]


def test_ten():
    assert factorial(10) == 3628800


def test_twenty_five_is_exact():
    assert factorial(25) == 15511210043330985984000000


def test_negative_raises_value_error():
    with pytest.raises(ValueError):
        factorial(-1)


def test_large_negative_raises_value_error():
    with pytest.raises(ValueError):
        factorial(-50)


def test_returns_int():
    assert isinstance(factorial(12), int)


def test_two_thousand_is_exact_and_not_recursive():
    assert factorial(2000) == math.factorial(2000)


def test_ratio_of_consecutive_values():
    assert factorial(300) // factorial(299) == 300
