import random
import time

from solution import merge_sort


def test_empty_list():
    assert merge_sort([]) == []


def test_single_item():
    assert merge_sort([42]) == [42]


def test_returns_a_new_list_for_a_single_item():
    items = [42]
    result = merge_sort(items)
    result.append(0)
    assert items == [42]


def test_returns_a_new_list_for_an_empty_list():
    items = []
    assert merge_sort(items) is not items


def test_duplicates_are_kept():
    assert merge_sort([3, 1, 3, 1, 3]) == [1, 1, 3, 3, 3]


def test_reverse_sorted():
    assert merge_sort(list(range(50, 0, -1))) == list(range(1, 51))


def test_negative_values():
    assert merge_sort([0, -5, 3, -1, -5]) == [-5, -5, -1, 0, 3]


def test_does_not_modify_input():
    items = [4, 3, 2, 1]
    merge_sort(items)
    assert items == [4, 3, 2, 1]


def test_random_lists_match_sorted():
    rng = random.Random(7)
    for size in range(0, 60):
        items = [rng.randint(-20, 20) for _ in range(size)]
        assert merge_sort(items) == sorted(items)


def test_two_hundred_thousand_items_in_n_log_n():
    rng = random.Random(11)
    items = [rng.randint(-10**9, 10**9) for _ in range(200_000)]
    start = time.perf_counter()
    result = merge_sort(items)
    elapsed = time.perf_counter() - start
    assert result == sorted(items)
    # An O(n log n) sort takes about a second here; a quadratic one takes hours.
    assert elapsed < 6.0
