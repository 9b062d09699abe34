import pytest

from solution import double


@pytest.mark.parametrize("value, expected", [(0, 0), (1, 2), (2, 4), (-3, -6), (10, 20)])
def test_doubles(value, expected):
    assert double(value) == expected


class TestLarge:
    def test_a_million(self):
        assert double(10**6) == 2 * 10**6
