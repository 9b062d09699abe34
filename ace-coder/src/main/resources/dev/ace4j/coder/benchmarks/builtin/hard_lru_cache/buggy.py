from collections import OrderedDict


class LRUCache:
    def __init__(self, capacity: int) -> None:
        self.capacity = capacity
        self.entries: dict[int, int] = OrderedDict()

    def get(self, key: int) -> int:
        # Bug: a get does not refresh recency, so this is FIFO rather than LRU.
        return self.entries.get(key, -1)

    def put(self, key: int, value: int) -> None:
        if key in self.entries:
            self.entries.move_to_end(key)
        self.entries[key] = value
        if len(self.entries) > self.capacity:
            self.entries.popitem(last=False)
