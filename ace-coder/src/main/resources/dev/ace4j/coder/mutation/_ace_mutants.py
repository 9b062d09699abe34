# ace4j's mutant maker: reads a Python module (module.py), finds the places inside its functions where a small
# change of behaviour can be made, and prints them as JSON on stdout: {"functions": N, "mutants": [{"operator",
# "line", "description", "source", "diff"}]}, or {"error": "..."} when the module does not parse. Each mutant is the
# module's own text with one node's text replaced, so the rest stays byte for byte and the diff shows only the
# change. Nothing of the module is run: it is only parsed.
import ast
import copy
import difflib
import json
import sys

ARITHMETIC = {ast.Add: ast.Sub, ast.Sub: ast.Add, ast.Mult: ast.Div, ast.Div: ast.Mult, ast.FloorDiv: ast.Div,
              ast.Mod: ast.FloorDiv, ast.Pow: ast.Mult, ast.LShift: ast.RShift, ast.RShift: ast.LShift,
              ast.BitAnd: ast.BitOr, ast.BitOr: ast.BitAnd, ast.BitXor: ast.BitAnd}
COMPARISON = {ast.Lt: ast.LtE, ast.LtE: ast.Lt, ast.Gt: ast.GtE, ast.GtE: ast.Gt, ast.Eq: ast.NotEq,
              ast.NotEq: ast.Eq, ast.In: ast.NotIn, ast.NotIn: ast.In, ast.Is: ast.IsNot, ast.IsNot: ast.Is}
SYMBOL = {ast.Add: "+", ast.Sub: "-", ast.Mult: "*", ast.Div: "/", ast.FloorDiv: "//", ast.Mod: "%", ast.Pow: "**",
          ast.LShift: "<<", ast.RShift: ">>", ast.BitAnd: "&", ast.BitOr: "|", ast.BitXor: "^", ast.Lt: "<",
          ast.LtE: "<=", ast.Gt: ">", ast.GtE: ">=", ast.Eq: "==", ast.NotEq: "!=", ast.In: "in",
          ast.NotIn: "not in", ast.Is: "is", ast.IsNot: "is not", ast.And: "and", ast.Or: "or"}


def main():
    with open("module.py", encoding="utf-8") as f:
        text = f.read()
    try:
        tree = ast.parse(text, "module.py")
    except (SyntaxError, ValueError) as e:
        print(json.dumps({"error": "%s: %s (line %s)" % (type(e).__name__, e.msg if hasattr(e, "msg") else e,
                                                        getattr(e, "lineno", "?"))}))
        return
    functions = [node for node in ast.walk(tree) if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))]
    parents = {child: node for node in ast.walk(tree) for child in ast.iter_child_nodes(node)}
    lines = text.splitlines(keepends=True)
    seen = {text}
    mutants = []
    for function in functions:
        for statement in function.body:
            for node in ast.walk(statement):
                if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda)) \
                        and node is not statement:
                    continue
                for operator, description, replacement in changes(node, function):
                    source = replaced(lines, node, replacement, isinstance(parents.get(node), ast.expr))
                    if source in seen or not parses(source):
                        continue
                    seen.add(source)
                    diff = "".join(difflib.unified_diff(text.splitlines(keepends=True),
                                                        source.splitlines(keepends=True), "module.py",
                                                        "mutant.py", n=1))
                    mutants.append({"operator": operator, "line": node.lineno, "description": description,
                                    "source": source, "diff": diff})
    mutants.sort(key=lambda m: (m["line"], m["operator"], m["description"]))
    print(json.dumps({"functions": len(functions), "mutants": mutants}))


def changes(node, function):
    """(operator, description, replacement text) for each mutation of NODE; NODE's own text is what is replaced."""
    found = []
    if isinstance(node, ast.BinOp) and type(node.op) in ARITHMETIC:
        swapped = copy.copy(node)
        swapped.op = ARITHMETIC[type(node.op)]()
        found.append(("arithmetic", swap(node.op, swapped.op), ast.unparse(swapped)))
    elif isinstance(node, ast.AugAssign) and type(node.op) in ARITHMETIC:
        swapped = copy.copy(node)
        swapped.op = ARITHMETIC[type(node.op)]()
        found.append(("arithmetic", swap(node.op, swapped.op) + " in an assignment", ast.unparse(swapped)))
    elif isinstance(node, ast.Compare):
        for i, op in enumerate(node.ops):
            if type(op) in COMPARISON:
                swapped = copy.copy(node)
                swapped.ops = list(node.ops)
                swapped.ops[i] = COMPARISON[type(op)]()
                kind = "boundary" if type(op) in (ast.Lt, ast.LtE, ast.Gt, ast.GtE) else "comparison"
                found.append((kind, swap(op, swapped.ops[i]), ast.unparse(swapped)))
    elif isinstance(node, ast.BoolOp):
        swapped = copy.copy(node)
        swapped.op = ast.Or() if isinstance(node.op, ast.And) else ast.And()
        found.append(("boolean", swap(node.op, swapped.op), ast.unparse(swapped)))
    elif isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not):
        found.append(("boolean", "'not' removed", ast.unparse(node.operand)))
    elif isinstance(node, ast.Constant) and not docstring(node, function):
        value = node.value
        if isinstance(value, bool):
            found.append(("constant", "%r -> %r" % (value, not value), repr(not value)))
        elif isinstance(value, (int, float)):
            for changed in (value + 1, value - 1):
                found.append(("constant", "%r -> %r" % (value, changed), repr(changed)))
        elif isinstance(value, str) and value:
            found.append(("constant", "a string emptied", "''"))
    if isinstance(node, (ast.If, ast.While, ast.IfExp)):
        found.append(("negated condition", "condition negated", negated(node)))
    if isinstance(node, ast.Return) and node.value is not None and not (
            isinstance(node.value, ast.Constant) and node.value.value is None):
        found.append(("return value", "returns None instead", "return None"))
    if isinstance(node, ast.Call) and len(node.args) >= 2 and not any(isinstance(a, ast.Starred) for a in node.args):
        swapped = copy.copy(node)
        swapped.args = [node.args[1], node.args[0]] + node.args[2:]
        found.append(("swapped arguments", "first two arguments swapped", ast.unparse(swapped)))
    # A return removed returns None, which the return-value mutant already does.
    if isinstance(node, ast.stmt) and not isinstance(node, (ast.Pass, ast.Return, ast.FunctionDef,
                                                            ast.AsyncFunctionDef, ast.ClassDef)) \
            and not (isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant)):
        found.append(("removed statement", "statement removed", "pass"))
    return found


def negated(node):
    changed = copy.copy(node)
    changed.test = ast.UnaryOp(op=ast.Not(), operand=node.test)
    if isinstance(node, ast.IfExp):
        return ast.unparse(changed)
    # A statement's whole text would take its body along: replace only the header's test.
    return None


def swap(old, new):
    return "%s -> %s" % (SYMBOL[type(old)], SYMBOL[type(new)])


def docstring(node, function):
    body = function.body
    return bool(body) and isinstance(body[0], ast.Expr) and body[0].value is node


def replaced(lines, node, replacement, inside_expression):
    """The module's text with NODE's text replaced by REPLACEMENT (for an if or while: its test, negated),
    parenthesized where it sits inside another expression."""
    if replacement is None:
        target = node.test
        replacement = "not (%s)" % ast.get_source_segment("".join(lines), target)
        node = target
    start = sum(len(line) for line in lines[:node.lineno - 1]) + len(
        lines[node.lineno - 1].encode("utf-8")[:node.col_offset].decode("utf-8", "replace"))
    end = sum(len(line) for line in lines[:node.end_lineno - 1]) + len(
        lines[node.end_lineno - 1].encode("utf-8")[:node.end_col_offset].decode("utf-8", "replace"))
    text = "".join(lines)
    if inside_expression and isinstance(node, ast.expr) and needs_parentheses(node):
        replacement = "(" + replacement + ")"
    return text[:start] + replacement + text[end:]


def needs_parentheses(node):
    return isinstance(node, (ast.BinOp, ast.BoolOp, ast.Compare, ast.UnaryOp, ast.IfExp))


def parses(source):
    try:
        ast.parse(source)
        return True
    except (SyntaxError, ValueError):
        return False


main()
