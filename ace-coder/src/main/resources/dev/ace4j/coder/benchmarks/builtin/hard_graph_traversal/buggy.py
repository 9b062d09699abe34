from collections import deque


def dfs(graph: dict[int, list[int]], start: int) -> list[int]:
    # Bug: a plain stack pushes neighbours in list order, so they are visited last-listed first.
    visited = set()
    order = []
    stack = [start]
    while stack:
        node = stack.pop()
        if node in visited:
            continue
        visited.add(node)
        order.append(node)
        for neighbour in graph.get(node, ()):
            if neighbour not in visited:
                stack.append(neighbour)
    return order


def bfs(graph: dict[int, list[int]], start: int) -> list[int]:
    visited = {start}
    order = []
    queue = deque([start])
    while queue:
        node = queue.popleft()
        order.append(node)
        for neighbour in graph.get(node, ()):
            if neighbour not in visited:
                visited.add(neighbour)
                queue.append(neighbour)
    return order
