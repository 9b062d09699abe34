from solution import is_palindrome


def test_simple_palindrome():
    assert is_palindrome("racecar") is True


def test_not_a_palindrome():
    assert is_palindrome("hello") is False


def test_ignores_case_and_spaces():
    assert is_palindrome("Never odd or even") is True
