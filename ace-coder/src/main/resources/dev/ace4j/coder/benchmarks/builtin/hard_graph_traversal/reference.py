from collections import deque


def dfs(graph: dict[int, list[int]], start: int) -> list[int]:
    visited = {start}
    order = [start]
    stack = [iter(graph.get(start, ()))]
    while stack:
        for neighbour in stack[-1]:
            if neighbour not in visited:
                visited.add(neighbour)
                order.append(neighbour)
                stack.append(iter(graph.get(neighbour, ())))
                break
        else:
            stack.pop()
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
