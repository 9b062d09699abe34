from solution import bfs, dfs

TREE = {1: [2, 3], 2: [4, 5], 3: [6], 4: [], 5: [], 6: []}


def test_dfs_visits_neighbours_in_listed_order():
    assert dfs(TREE, 1) == [1, 2, 4, 5, 3, 6]


def test_bfs_visits_level_by_level():
    assert bfs(TREE, 1) == [1, 2, 3, 4, 5, 6]


def test_single_node_without_edges():
    assert dfs({7: []}, 7) == [7]
    assert bfs({7: []}, 7) == [7]


def test_start_missing_from_the_graph():
    assert dfs({}, 1) == [1]
    assert bfs({}, 1) == [1]


def test_cycle_is_visited_once():
    graph = {1: [2], 2: [3], 3: [1]}
    assert dfs(graph, 1) == [1, 2, 3]
    assert bfs(graph, 2) == [2, 3, 1]


def test_self_loop():
    graph = {1: [1, 2], 2: [2]}
    assert dfs(graph, 1) == [1, 2]
    assert bfs(graph, 1) == [1, 2]


def test_disconnected_nodes_are_left_out():
    graph = {1: [2], 2: [], 3: [4], 4: [3]}
    assert dfs(graph, 1) == [1, 2]
    assert bfs(graph, 3) == [3, 4]


def test_neighbour_without_a_key():
    graph = {1: [2, 3], 3: [4]}
    assert dfs(graph, 1) == [1, 2, 3, 4]
    assert bfs(graph, 1) == [1, 2, 3, 4]


def test_dfs_and_bfs_differ_on_a_diamond():
    graph = {1: [2, 3], 2: [4], 3: [4], 4: [5], 5: []}
    assert dfs(graph, 1) == [1, 2, 4, 5, 3]
    assert bfs(graph, 1) == [1, 2, 3, 4, 5]


def test_dfs_backtracks_to_later_neighbours():
    graph = {0: [1, 2, 3], 1: [0], 2: [0], 3: [0, 4], 4: [1]}
    assert dfs(graph, 0) == [0, 1, 2, 3, 4]
    assert bfs(graph, 3) == [3, 0, 4, 1, 2]


def test_long_path_does_not_overflow_the_stack():
    n = 100_000
    graph = {i: [i + 1] for i in range(n - 1)}
    graph[n - 1] = [0]
    assert dfs(graph, 0) == list(range(n))
    assert bfs(graph, 0) == list(range(n))


def test_large_dense_graph():
    n = 2_000
    graph = {i: [(i + k) % n for k in (1, 7, 31)] for i in range(n)}
    assert sorted(dfs(graph, 0)) == list(range(n))
    assert sorted(bfs(graph, 0)) == list(range(n))
