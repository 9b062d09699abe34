from solution import LRUCache


def test_put_then_get():
    cache = LRUCache(2)
    cache.put(1, 10)
    assert cache.get(1) == 10


def test_missing_key_returns_minus_one():
    cache = LRUCache(2)
    assert cache.get(99) == -1


def test_evicts_when_full():
    cache = LRUCache(2)
    cache.put(1, 1)
    cache.put(2, 2)
    cache.put(3, 3)
    assert cache.get(1) == -1
    assert cache.get(3) == 3
