import random
import time
from collections import OrderedDict

from solution import LRUCache


def test_empty_cache_returns_minus_one():
    assert LRUCache(3).get(1) == -1


def test_evicts_least_recently_put():
    cache = LRUCache(2)
    cache.put(1, 1)
    cache.put(2, 2)
    cache.put(3, 3)
    assert cache.get(1) == -1
    assert cache.get(2) == 2
    assert cache.get(3) == 3


def test_get_refreshes_recency():
    cache = LRUCache(2)
    cache.put(1, 1)
    cache.put(2, 2)
    assert cache.get(1) == 1
    cache.put(3, 3)
    assert cache.get(2) == -1
    assert cache.get(1) == 1
    assert cache.get(3) == 3


def test_put_updates_an_existing_key():
    cache = LRUCache(2)
    cache.put(1, 1)
    cache.put(1, 100)
    assert cache.get(1) == 100


def test_updating_does_not_grow_the_cache():
    cache = LRUCache(2)
    cache.put(1, 1)
    cache.put(2, 2)
    cache.put(2, 20)
    assert cache.get(1) == 1
    assert cache.get(2) == 20


def test_put_on_existing_key_refreshes_recency():
    cache = LRUCache(2)
    cache.put(1, 1)
    cache.put(2, 2)
    cache.put(1, 10)
    cache.put(3, 3)
    assert cache.get(2) == -1
    assert cache.get(1) == 10
    assert cache.get(3) == 3


def test_capacity_one():
    cache = LRUCache(1)
    cache.put(1, 1)
    cache.put(2, 2)
    assert cache.get(1) == -1
    assert cache.get(2) == 2
    cache.put(2, 5)
    assert cache.get(2) == 5


def test_failed_get_changes_nothing():
    cache = LRUCache(2)
    cache.put(1, 1)
    cache.put(2, 2)
    assert cache.get(5) == -1
    cache.put(3, 3)
    assert cache.get(1) == -1
    assert cache.get(2) == 2


def test_long_sequence_matches_a_model():
    cache = LRUCache(3)
    model = OrderedDict()
    ops = [(k % 5, k) for k in range(40)]
    for step, (key, value) in enumerate(ops):
        if step % 3 == 0:
            expected = model.get(key, -1)
            if key in model:
                model.move_to_end(key)
            assert cache.get(key) == expected
        else:
            if key in model:
                model.move_to_end(key)
            model[key] = value
            if len(model) > 3:
                model.popitem(last=False)
            cache.put(key, value)


def test_hundred_thousand_operations_in_constant_time_each():
    rng = random.Random(5)
    cache = LRUCache(10_000)
    model = OrderedDict()
    elapsed = 0.0
    for step in range(100_000):
        key = rng.randrange(30_000)
        if step % 2 == 0:
            expected = model.get(key, -1)
            if key in model:
                model.move_to_end(key)
            start = time.perf_counter()
            actual = cache.get(key)
            elapsed += time.perf_counter() - start
            assert actual == expected
        else:
            if key in model:
                model.move_to_end(key)
            model[key] = step
            if len(model) > 10_000:
                model.popitem(last=False)
            start = time.perf_counter()
            cache.put(key, step)
            elapsed += time.perf_counter() - start
    # O(1) operations take well under a second; a list-based cache takes minutes.
    assert elapsed < 5.0
