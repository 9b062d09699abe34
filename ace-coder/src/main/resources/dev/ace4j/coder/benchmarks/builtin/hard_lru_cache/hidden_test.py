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
    # Every call to the cache crosses to the code's own process, which costs far more than an O(1) operation, and
    # a busy machine slows everything: so the operations on a full cache of 50,000 are timed against the same
    # operations on a cache of 16, alternating, and must not take much longer. A cache that scans a list per
    # operation takes ten times longer or more.
    rng = random.Random(5)
    small, large = LRUCache(16), LRUCache(50_000)
    model = OrderedDict()
    for key in range(16):
        small.put(key, key)
    for key in range(50_000):
        large.put(key, key)
        model[key] = key
    small_elapsed = large_elapsed = 0.0
    for step in range(25_000):
        key = rng.randrange(100_000)
        start = time.perf_counter()
        if step % 2 == 0:
            small.get(key % 32)
        else:
            small.put(key % 32, step)
        middle = time.perf_counter()
        if step % 2 == 0:
            actual = large.get(key)
        else:
            large.put(key, step)
        large_elapsed += time.perf_counter() - middle
        small_elapsed += middle - start
        if step % 2 == 0:
            expected = model.get(key, -1)
            if key in model:
                model.move_to_end(key)
            assert actual == expected
        else:
            if key in model:
                model.move_to_end(key)
            model[key] = step
            if len(model) > 50_000:
                model.popitem(last=False)
    assert large_elapsed < 2 * small_elapsed + 0.2
