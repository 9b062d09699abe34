from solution import clamp, mean, is_even, greet, divide


def test_clamp_inside():
    assert clamp(5, 0, 10) == 5


def test_clamp_low_and_boundary():
    assert clamp(-1, 0, 10) == 0
    assert clamp(0, 0, 10) == 0
    assert clamp(0, 1, 10) == 1


def test_clamp_high_and_boundary():
    assert clamp(11, 0, 10) == 10
    assert clamp(10, 0, 10) == 10
    assert clamp(10, 0, 9) == 9


def test_mean():
    assert mean([1, 2, 3]) == 2
    assert mean([2, 2]) == 2
    assert mean([]) == 0.0


def test_is_even():
    assert is_even(4) is True
    assert is_even(3) is False
    assert is_even(0) is True
    assert is_even(-2) is False


def test_greet():
    assert greet("bob", "!") == "hello bob!"


def test_divide():
    assert divide(7, 2) == (3, 1)
