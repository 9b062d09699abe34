from tally import count_positive


def test_counts_only_positive():
    assert count_positive([-1, 0, 1, 2]) == 2
    assert count_positive([]) == 0
