from collections import OrderedDict


class LRUCache:
    """A least-recently-used cache with a fixed capacity."""

    def __init__(self, capacity):
        self.capacity = capacity
        self.items = OrderedDict()

    def get(self, key, default=None):
        if key not in self.items:
            return default
        self.items.move_to_end(key)
        return self.items[key]

    def put(self, key, value):
        if key in self.items:
            self.items.move_to_end(key)
        self.items[key] = value
        if len(self.items) > self.capacity:
            self.items.popitem(last=False)

    def __len__(self):
        return len(self.items)


def memoize(capacity=128):
    def decorator(fn):
        cache = LRUCache(capacity)

        def wrapper(*args):
            result = cache.get(args)
            if result is None:
                result = fn(*args)
                cache.put(args, result)
            return result
        return wrapper
    return decorator
