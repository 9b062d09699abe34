"""ace4j test generation's helpers, run in the sandbox.

prune TESTS NAMES: prints TESTS without the test functions (or methods) NAMES (a JSON list) names, and their
decorators; every other line as it was.
coverage TESTS: runs pytest on TESTS under coverage.py and prints, as JSON, what it covered of solution.py: its
executable lines, those run, its functions and those entered. {"error": ...} when coverage.py is missing.
"""
import ast
import json
import sys


def functions(tree):
    """(qualified name, node) of every function and method, in the order of the module's lines."""
    found = []

    def visit(body, prefix):
        for node in body:
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                found.append((prefix + node.name, node))
                visit(node.body, prefix + node.name + ".")
            elif isinstance(node, ast.ClassDef):
                visit(node.body, prefix + node.name + ".")

    visit(tree.body, "")
    return found


def prune(tests_file, names):
    source = open(tests_file, encoding="utf-8").read()
    lines = source.splitlines(keepends=True)
    drop = set()
    for qualified, node in functions(ast.parse(source)):
        if qualified in names or qualified.rsplit(".", 1)[-1] in names:
            first = min([node.lineno] + [d.lineno for d in node.decorator_list])
            drop.update(range(first, node.end_lineno + 1))
    sys.stdout.write("".join(line for number, line in enumerate(lines, 1) if number not in drop))


def coverage(tests_file):
    try:
        import coverage as coverage_py
    except ImportError:
        print(json.dumps({"error": "coverage.py is not installed for the sandbox's python3"}))
        return
    import io
    import contextlib
    measured = coverage_py.Coverage(include=["solution.py"], data_file=None)
    measured.start()
    with contextlib.redirect_stdout(io.StringIO()):
        import pytest
        pytest.main(["-q", "-p", "no:cacheprovider", tests_file])
    measured.stop()
    _, statements, _, missing, _ = measured.analysis2("solution.py")
    run = set(statements) - set(missing)
    source = open("solution.py", encoding="utf-8").read()
    names, entered = [], []
    for qualified, node in functions(ast.parse(source)):
        names.append(qualified)
        body = range(node.body[0].lineno, node.end_lineno + 1)
        if any(line in run for line in body):
            entered.append(qualified)
    print(json.dumps({"statements": len(statements), "covered": len(run), "functions": names,
                      "exercised": entered}))


if __name__ == "__main__":
    if sys.argv[1] == "prune":
        prune(sys.argv[2], set(json.loads(sys.argv[3])))
    else:
        coverage(sys.argv[2])
