from solution import (clamp, mean, median, is_prime, gcd, binary_search, run_length, fizzbuzz, word_counts,
                      balanced)


def test_clamp():
    assert clamp(5, 0, 10) == 5
    assert clamp(-1, 0, 10) == 0
    assert clamp(11, 0, 10) == 10


def test_mean():
    assert mean([1, 2, 3, 6]) == 3
    try:
        mean([])
    except ValueError:
        return
    raise AssertionError("no error for an empty list")


def test_median():
    assert median([3, 1, 2]) == 2
    assert median([4, 1, 3, 2]) == 2.5
    assert median([7]) == 7


def test_is_prime():
    assert [n for n in range(20) if is_prime(n)] == [2, 3, 5, 7, 11, 13, 17, 19]
    assert is_prime(49) is False


def test_gcd():
    assert gcd(12, 18) == 6
    assert gcd(-4, 6) == 2
    assert gcd(5, 0) == 5


def test_binary_search():
    items = [1, 3, 5, 7, 9, 11]
    assert [binary_search(items, x) for x in items] == [0, 1, 2, 3, 4, 5]
    assert binary_search(items, 4) == -1
    assert binary_search([], 1) == -1


def test_run_length():
    assert run_length("aaabccd") == [("a", 3), ("b", 1), ("c", 2), ("d", 1)]
    assert run_length("") == []


def test_fizzbuzz():
    assert [fizzbuzz(n) for n in (1, 3, 5, 15, 30, 7)] == ["1", "Fizz", "Buzz", "FizzBuzz", "FizzBuzz", "7"]


def test_word_counts():
    assert word_counts("The cat. the DOG, the end!") == {"the": 3, "cat": 1, "dog": 1, "end": 1}


def test_balanced():
    assert balanced("([]{})")
    assert not balanced("([)]")
    assert not balanced("((")
    assert not balanced(")")
