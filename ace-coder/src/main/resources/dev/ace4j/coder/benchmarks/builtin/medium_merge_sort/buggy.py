def merge_sort(items: list[int]) -> list[int]:
    if len(items) <= 1:
        # Bug: returns the input itself, so a one-item (or empty) input is aliased rather than copied.
        return items
    middle = len(items) // 2
    return _merge(merge_sort(items[:middle]), merge_sort(items[middle:]))


def _merge(left: list[int], right: list[int]) -> list[int]:
    merged = []
    i = j = 0
    while i < len(left) and j < len(right):
        if left[i] <= right[j]:
            merged.append(left[i])
            i += 1
        else:
            merged.append(right[j])
            j += 1
    merged.extend(left[i:])
    merged.extend(right[j:])
    return merged
