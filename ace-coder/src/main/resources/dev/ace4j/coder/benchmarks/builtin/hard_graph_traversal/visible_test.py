from solution import bfs, dfs


def test_dfs_on_a_path():
    graph = {1: [2], 2: [3], 3: []}
    assert dfs(graph, 1) == [1, 2, 3]


def test_bfs_on_a_tree():
    graph = {1: [2, 3], 2: [4], 3: [], 4: []}
    assert bfs(graph, 1) == [1, 2, 3, 4]
