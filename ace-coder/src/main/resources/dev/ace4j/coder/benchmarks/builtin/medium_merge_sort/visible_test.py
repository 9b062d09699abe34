from solution import merge_sort


def test_sorts_a_small_list():
    assert merge_sort([5, 2, 9, 1, 5, 6]) == [1, 2, 5, 5, 6, 9]


def test_already_sorted():
    assert merge_sort([1, 2, 3]) == [1, 2, 3]
