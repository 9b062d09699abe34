import pytest
from grades import average, grade


@pytest.mark.parametrize("score, letter", [
    (100, "A"), (90, "A"), (89, "B"), (80, "B"), (79, "C"), (70, "C"), (69, "F"), (0, "F"),
])
def test_every_boundary(score, letter):
    assert grade(score) == letter


def test_average_of_nothing_is_zero():
    assert average([]) == 0.0
    assert isinstance(average([]), float)


def test_average():
    assert average([1, 2, 3, 6]) == 3.0
    assert average([5]) == 5.0
