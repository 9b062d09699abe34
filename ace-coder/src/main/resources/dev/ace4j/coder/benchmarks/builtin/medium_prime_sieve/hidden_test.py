from solution import primes_up_to


def test_zero():
    assert primes_up_to(0) == []


def test_one():
    assert primes_up_to(1) == []


def test_negative():
    assert primes_up_to(-7) == []


def test_two_is_included():
    assert primes_up_to(2) == [2]


def test_n_is_included_when_prime():
    assert primes_up_to(13) == [2, 3, 5, 7, 11, 13]
    assert primes_up_to(97)[-1] == 97


def test_squares_of_primes_are_excluded():
    primes = set(primes_up_to(1000))
    assert not {4, 9, 25, 49, 121, 169, 961} & primes


def test_up_to_hundred():
    assert len(primes_up_to(100)) == 25


def test_returns_ascending_list():
    primes = primes_up_to(500)
    assert isinstance(primes, list)
    assert primes == sorted(set(primes))


def test_count_up_to_one_million():
    assert len(primes_up_to(1_000_000)) == 78498


def test_two_million_needs_a_sieve():
    primes = primes_up_to(2_000_000)
    assert len(primes) == 148933
    assert primes[-1] == 1999993
