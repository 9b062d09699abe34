from solution import binary_search


def test_finds_middle_item():
    assert binary_search([1, 3, 5, 7, 9], 5) == 2


def test_not_found():
    assert binary_search([1, 3, 5, 7, 9], 4) == -1


def test_finds_first_item():
    assert binary_search([2, 4, 6, 8], 2) == 0
