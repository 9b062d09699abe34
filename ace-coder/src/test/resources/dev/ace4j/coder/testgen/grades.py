"""Letter grades."""


def grade(score):
    if score >= 90:
        return "A"
    if score >= 80:
        return "B"
    if score >= 70:
        return "C"
    return "F"


def average(scores):
    if not scores:
        return 0.0
    return sum(scores) / len(scores)
