from solution import is_palindrome


def test_empty_string():
    assert is_palindrome("") is True


def test_single_character():
    assert is_palindrome("x") is True


def test_only_punctuation():
    assert is_palindrome("!!, .?") is True


def test_ignores_punctuation_and_case():
    assert is_palindrome("A man, a plan, a canal: Panama") is True


def test_punctuation_does_not_make_a_palindrome():
    assert is_palindrome("race a car") is False


def test_digits_count():
    assert is_palindrome("12321") is True
    assert is_palindrome("123 45") is False


def test_mixed_letters_and_digits():
    assert is_palindrome("No 'x' in Nixon") is True
    assert is_palindrome("0P") is False


def test_even_length():
    assert is_palindrome("abba") is True
    assert is_palindrome("abca") is False


def test_returns_bool():
    assert isinstance(is_palindrome("ab"), bool)


def test_long_string():
    half = "ab1" * 100_000
    assert is_palindrome(half + "," + half[::-1].upper()) is True
    assert is_palindrome(half + "c" + half) is False
