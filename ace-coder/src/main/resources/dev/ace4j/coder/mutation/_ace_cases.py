"""ace4j's differential cases, made in the sandbox from a module that is right by definition (original.py).

For each public top-level function: inputs drawn from the module's own constants and a fixed pool, fitted to the
parameters' annotations and defaults, with a fixed seed; the original is called on each and what it returned (a
value Python can write as a literal) or raised (the exception's type) is kept. Prints a pytest file that checks
solution.py against those cases, one test per case, as JSON {"cases": N, "tests": SOURCE, "lines": [...]}, lines
being those of original.py that calls which returned normally ran; or {"error": ...} when the module does not
import.
"""
import ast
import copy
import json
import random
import signal
import sys

PER_FUNCTION = 120
POOL = [0, 1, -1, 2, 3, 7, -5, 10, 100, -100, 0.5, -2.25, 3.0, "", "a", "abc", "Hello, World", " x ", True,
        False, None, [], [1, 2, 3], [3, -1, 2, 2], ["b", "a"], (1, 2), {"a": 1}, {}]


class Slow(Exception):
    pass


def on_alarm(signum, frame):
    raise Slow()


def literal(value):
    """Whether value survives repr and ast.literal_eval unchanged."""
    try:
        return ast.literal_eval(repr(value)) == value
    except Exception:
        return False


def constants(tree):
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, (int, float, str)) and not isinstance(
                node.value, bool):
            if not (isinstance(node.value, str) and len(node.value) > 40):
                found.extend([node.value] + ([node.value - 1, node.value + 1] if isinstance(node.value, int) else []))
    return found


def fitting(annotation, pool, rng):
    name = ast.unparse(annotation) if annotation is not None else ""
    head = name.split("[", 1)[0].split(".")[-1].lower()
    numbers = [v for v in pool if isinstance(v, (int, float)) and not isinstance(v, bool)]
    ints = [v for v in numbers if isinstance(v, int)]
    strings = [v for v in pool if isinstance(v, str)]
    if head == "int":
        return rng.choice(ints)
    if head == "float":
        return rng.choice(numbers)
    if head == "str":
        return rng.choice(strings)
    if head == "bool":
        return rng.choice([True, False])
    if head in ("list", "sequence", "iterable"):
        inner = ast.parse(name.split("[", 1)[1][:-1], mode="eval").body if "[" in name else None
        return [fitting(inner, pool, rng) for _ in range(rng.randint(0, 5))]
    if head == "tuple":
        return tuple(rng.choice(ints) for _ in range(rng.randint(0, 3)))
    if head == "dict":
        return {rng.choice(strings): rng.choice(ints) for _ in range(rng.randint(0, 3))}
    if head == "optional":
        return None if rng.random() < 0.2 else fitting(ast.parse(name.split("[", 1)[1][:-1], mode="eval").body,
                                                        pool, rng)
    value = rng.choice(pool + [[rng.choice(ints) for _ in range(rng.randint(0, 5))]])
    return copy.deepcopy(value)


def candidates(params, pool, rng, works):
    """Argument tuples: a few random draws fitted to the annotations, to find arguments the function accepts; then
    every pool value and every constant of the module (and its neighbours) in each position, the others as in the
    first accepted draw (or random integers); then random draws again."""
    ints = sorted(set(v for v in pool if isinstance(v, int) and not isinstance(v, bool)))
    for _ in range(30):
        yield tuple(fitting(p.annotation, pool, rng) for p in params)
    base = works[0] if works else tuple(rng.choice(ints) for _ in params)
    for position in range(len(params)):
        for value in list(dict.fromkeys(map(repr, pool))):
            value = ast.literal_eval(value)
            yield tuple(value if i == position else copy.deepcopy(base[i]) for i in range(len(params)))
    while True:
        yield tuple(fitting(p.annotation, pool, rng) for p in params)


def main():
    source = open("original.py", encoding="utf-8").read()
    sys.path.insert(0, ".")
    try:
        tree = ast.parse(source)
        pool = POOL + constants(tree)
        import original
    except BaseException as e:
        print(json.dumps({"error": "the module does not import: " + type(e).__name__ + ": " + str(e)}))
        return
    signal.signal(signal.SIGALRM, on_alarm)
    ran = set()
    cases = make(tree, original, pool, ran)
    print(json.dumps({"cases": len(cases), "tests": test_file(cases), "lines": sorted(ran)}))


def make(tree, original, pool, ran):
    """The cases, and in ran the lines of original.py run by calls that returned normally."""
    path = original.__file__
    lines = set()

    def trace(frame, event, arg):
        if frame.f_code.co_filename != path:
            return None
        if event == "line":
            lines.add(frame.f_lineno)
        return trace

    cases = []
    for node in tree.body:
        if not isinstance(node, ast.FunctionDef) or node.name.startswith("_"):
            continue
        if node.args.vararg or node.args.kwarg or node.args.kwonlyargs:
            continue
        function = getattr(original, node.name, None)
        params = node.args.posonlyargs + node.args.args
        if not callable(function):
            continue
        rng = random.Random(node.name)
        seen = set()
        made = 0
        works = []
        drawn = candidates(params, pool, rng, works)
        for _ in range(PER_FUNCTION * 3):
            if made >= PER_FUNCTION:
                break
            args = next(drawn)
            key = repr(args)
            if key in seen or not literal(args):
                continue
            seen.add(key)
            lines.clear()
            signal.setitimer(signal.ITIMER_REAL, 0.5)
            sys.settrace(trace)
            try:
                outcome = ("return", function(*copy.deepcopy(args)))
            except Slow:
                continue
            except Exception as e:
                outcome = ("raise", type(e).__name__)
            finally:
                sys.settrace(None)
                signal.setitimer(signal.ITIMER_REAL, 0)
            if outcome[0] == "return":
                ran.update(lines)
                works.append(args)
            if outcome[0] == "return" and not literal(outcome[1]):
                continue
            cases.append((node.name, key, outcome[0], repr(outcome[1]) if outcome[0] == "return" else outcome[1]))
            made += 1
            if not params:
                break
    return cases


def test_file(cases):
    lines = [
        '"""Differential cases: what the original module did on generated inputs; the candidate must do the same."""',
        "import ast",
        "import math",
        "",
        "import pytest",
        "",
        "import solution",
        "",
        "CASES = [",
    ]
    lines += ["    " + repr(case) + "," for case in cases]
    lines += [
        "]",
        "",
        "",
        "def same(a, b):",
        "    if isinstance(a, float) and isinstance(b, (int, float)) and not isinstance(b, bool):",
        "        return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-12)",
        "    if isinstance(a, (list, tuple)) and type(a) is type(b) and len(a) == len(b):",
        "        return all(same(x, y) for x, y in zip(a, b))",
        "    if isinstance(a, dict) and isinstance(b, dict) and a.keys() == b.keys():",
        "        return all(same(a[k], b[k]) for k in a)",
        "    return type(a) is type(b) and a == b",
        "",
        "",
        "@pytest.mark.parametrize('function, args, kind, expected', CASES,",
        "                         ids=[c[0] + '-' + str(i) for i, c in enumerate(CASES)])",
        "def test_same_as_the_original(function, args, kind, expected):",
        "    call = function + '(' + args[1:-1].rstrip(',') + ')'",
        "    try:",
        "        got = getattr(solution, function)(*ast.literal_eval(args))",
        "    except Exception as e:",
        "        assert kind == 'raise' and type(e).__name__ == expected, \\",
        "            call + ': the original ' + ('raised ' + expected if kind == 'raise' else 'returned ' + expected) \\",
        "            + ', the refactored one raised ' + type(e).__name__",
        "        return",
        "    assert kind == 'return' and same(ast.literal_eval(expected), got), \\",
        "        call + ': the original ' + ('raised ' + expected if kind == 'raise' else 'returned ' + expected) \\",
        "        + ', the refactored one returned ' + repr(got)",
        "",
    ]
    return "\n".join(lines)


if __name__ == "__main__":
    main()
