from solution import primes_up_to


def test_up_to_ten():
    assert primes_up_to(10) == [2, 3, 5, 7]


def test_up_to_thirty():
    assert primes_up_to(30) == [2, 3, 5, 7, 11, 13, 17, 19, 23, 29]
