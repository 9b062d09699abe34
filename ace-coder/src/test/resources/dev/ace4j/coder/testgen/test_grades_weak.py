from grades import grade


def test_an_a():
    assert grade(95) == "A"
