from solution import fibonacci


def test_zero():
    assert fibonacci(0) == 0


def test_one():
    assert fibonacci(1) == 1


def test_two():
    assert fibonacci(2) == 1


def test_first_fifteen():
    assert [fibonacci(i) for i in range(15)] == [0, 1, 1, 2, 3, 5, 8, 13, 21, 34, 55, 89, 144, 233, 377]


def test_twentieth():
    assert fibonacci(20) == 6765


def test_fiftieth_needs_no_exponential_recursion():
    assert fibonacci(50) == 12586269025


def test_hundredth_is_exact():
    assert fibonacci(100) == 354224848179261915075


def test_returns_int():
    assert isinstance(fibonacci(30), int)


def test_recurrence_holds_for_large_n():
    assert fibonacci(1000) == fibonacci(999) + fibonacci(998)


def test_ten_thousand_is_exact():
    value = fibonacci(10_000)
    assert len(str(value)) == 2090
    assert str(value).startswith("33644764876431783266")
    assert str(value).endswith("66073310059947366875")
