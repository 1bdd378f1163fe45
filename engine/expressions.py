"""The condition language: a small, safe subset of Python expressions.

Designers write gateway conditions, timer expressions and script assignments in
this language. Expressions are parsed with :mod:`ast` and interpreted node by
node; nothing is ever passed to ``eval`` or ``exec``. Camunda Modeler habits are
accepted: ``${...}`` / ``#{...}`` (JUEL) and a leading ``=`` (FEEL) are unwrapped,
and ``true``/``false``/``null`` mean ``True``/``False``/``None``.
"""

from __future__ import annotations

import ast
import operator
from collections.abc import Callable, Mapping
from functools import lru_cache
from typing import Any


class ExpressionError(Exception):
    """An expression cannot be parsed or evaluated."""

    def __init__(self, expression: str, message: str) -> None:
        super().__init__(f"{message} (in expression {expression!r})")
        self.expression = expression
        self.message = message


CONSTANT_NAMES: dict[str, Any] = {
    "True": True,
    "False": False,
    "None": None,
    "true": True,
    "false": False,
    "null": None,
}

FUNCTIONS: dict[str, Callable[..., Any]] = {
    "len": len,
    "min": min,
    "max": max,
    "abs": abs,
    "round": round,
    "sum": sum,
    "any": any,
    "all": all,
    "int": int,
    "float": float,
    "str": str,
    "bool": bool,
}

_BIN_OPS: dict[type, Callable[[Any, Any], Any]] = {
    ast.Add: operator.add,
    ast.Sub: operator.sub,
    ast.Mult: operator.mul,
    ast.Div: operator.truediv,
    ast.FloorDiv: operator.floordiv,
    ast.Mod: operator.mod,
}
_UNARY_OPS: dict[type, Callable[[Any], Any]] = {
    ast.Not: operator.not_,
    ast.USub: operator.neg,
    ast.UAdd: operator.pos,
}
_COMPARE_OPS: dict[type, Callable[[Any, Any], Any]] = {
    ast.Eq: operator.eq,
    ast.NotEq: operator.ne,
    ast.Lt: operator.lt,
    ast.LtE: operator.le,
    ast.Gt: operator.gt,
    ast.GtE: operator.ge,
    ast.Is: operator.is_,
    ast.IsNot: operator.is_not,
    ast.In: lambda a, b: a in b,
    ast.NotIn: lambda a, b: a not in b,
}
# Results of arithmetic on sequences are capped, so "x" * 10**9 cannot exhaust memory.
MAX_SEQUENCE_LENGTH = 100_000


def unwrap(expression: str) -> str:
    """Strip the JUEL/FEEL wrappers Camunda Modeler users type around an expression."""
    text = expression.strip()
    if (text.startswith("${") or text.startswith("#{")) and text.endswith("}"):
        return text[2:-1].strip()
    if text.startswith("="):
        return text[1:].strip()
    return text


@lru_cache(maxsize=4096)
def parse(expression: str) -> ast.expr:
    """Parse an expression and check that it only uses the allowed constructs."""
    text = unwrap(expression)
    if not text:
        raise ExpressionError(expression, "empty expression")
    try:
        tree = ast.parse(text, mode="eval")
    except SyntaxError as err:
        raise ExpressionError(expression, f"syntax error: {err.msg}") from None
    _check(tree.body, expression)
    return tree.body


def _check(node: ast.AST, expression: str) -> None:
    allowed = (
        ast.BoolOp,
        ast.And,
        ast.Or,
        ast.UnaryOp,
        ast.BinOp,
        ast.Compare,
        ast.IfExp,
        ast.Name,
        ast.Load,
        ast.Constant,
        ast.List,
        ast.Tuple,
        ast.Set,
        ast.Subscript,
        ast.Attribute,
        ast.Call,
        *_BIN_OPS,
        *_UNARY_OPS,
        *_COMPARE_OPS,
    )
    for child in ast.walk(node):
        if not isinstance(child, allowed):
            raise ExpressionError(expression, f"'{type(child).__name__}' is not allowed")
        if isinstance(child, ast.Attribute) and child.attr.startswith("_"):
            raise ExpressionError(expression, f"attribute '{child.attr}' is not allowed")
        if isinstance(child, ast.Call):
            if not isinstance(child.func, ast.Name) or child.func.id not in FUNCTIONS:
                raise ExpressionError(
                    expression, "only the functions " + ", ".join(sorted(FUNCTIONS)) + " may be called"
                )
            if child.keywords:
                raise ExpressionError(expression, "keyword arguments are not allowed")
        if isinstance(child, ast.Constant) and not isinstance(
            child.value, (str, int, float, bool, type(None))
        ):
            raise ExpressionError(expression, f"constant {child.value!r} is not allowed")


def variables(expression: str) -> set[str]:
    """Return the names of the case variables an expression reads."""
    tree = parse(expression)
    called = {id(n.func) for n in ast.walk(tree) if isinstance(n, ast.Call)}
    return {
        n.id
        for n in ast.walk(tree)
        if isinstance(n, ast.Name) and id(n) not in called and n.id not in CONSTANT_NAMES
    }


def attribute_paths(expression: str) -> set[tuple[str, ...]]:
    """Dotted names an expression reads, e.g. ``("profiel", "lks_breed")`` for ``profiel.lks_breed``."""
    paths = set()
    for node in ast.walk(parse(expression)):
        if isinstance(node, ast.Attribute):
            parts = [node.attr]
            value = node.value
            while isinstance(value, ast.Attribute):
                parts.append(value.attr)
                value = value.value
            if isinstance(value, ast.Name):
                paths.add((value.id, *reversed(parts)))
    return paths


def evaluate(expression: str, context: Mapping[str, Any]) -> Any:
    """Evaluate an expression against the case variables in ``context``."""
    tree = parse(expression)
    try:
        return _Interpreter(expression, context).visit(tree)
    except ExpressionError:
        raise
    except Exception as err:  # an operation on the case's values failed, e.g. "a" < 1
        raise ExpressionError(expression, f"{type(err).__name__}: {err}") from None


def execute(script: str, context: dict[str, Any]) -> None:
    """Run a script of ``name = expression`` lines, assigning into ``context``."""
    for number, raw in enumerate(script.splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        name, sep, expression = line.partition("=")
        name = name.strip()
        if not sep or not name.isidentifier() or expression.startswith("="):
            raise ExpressionError(script, f"line {number}: expected 'name = expression'")
        context[name] = evaluate(expression, context)


class _Interpreter:
    def __init__(self, expression: str, context: Mapping[str, Any]) -> None:
        self.expression = expression
        self.context = context

    def fail(self, message: str) -> ExpressionError:
        return ExpressionError(self.expression, message)

    def visit(self, node: ast.AST) -> Any:
        method = getattr(self, f"visit_{type(node).__name__}")
        return method(node)

    def visit_Constant(self, node: ast.Constant) -> Any:
        return node.value

    def visit_Name(self, node: ast.Name) -> Any:
        if node.id in self.context:
            return self.context[node.id]
        if node.id in CONSTANT_NAMES:
            return CONSTANT_NAMES[node.id]
        raise self.fail(f"unknown variable '{node.id}'")

    def visit_BoolOp(self, node: ast.BoolOp) -> Any:
        value: Any = None
        for operand in node.values:
            value = self.visit(operand)
            if isinstance(node.op, ast.And) and not value:
                return value
            if isinstance(node.op, ast.Or) and value:
                return value
        return value

    def visit_UnaryOp(self, node: ast.UnaryOp) -> Any:
        return _UNARY_OPS[type(node.op)](self.visit(node.operand))

    def visit_BinOp(self, node: ast.BinOp) -> Any:
        result = _BIN_OPS[type(node.op)](self.visit(node.left), self.visit(node.right))
        if isinstance(result, (str, list, tuple)) and len(result) > MAX_SEQUENCE_LENGTH:
            raise self.fail("result is too large")
        return result

    def visit_Compare(self, node: ast.Compare) -> Any:
        left = self.visit(node.left)
        for op, comparator in zip(node.ops, node.comparators, strict=True):
            right = self.visit(comparator)
            if not _COMPARE_OPS[type(op)](left, right):
                return False
            left = right
        return True

    def visit_IfExp(self, node: ast.IfExp) -> Any:
        return self.visit(node.body) if self.visit(node.test) else self.visit(node.orelse)

    def visit_List(self, node: ast.List) -> Any:
        return [self.visit(e) for e in node.elts]

    def visit_Tuple(self, node: ast.Tuple) -> Any:
        return tuple(self.visit(e) for e in node.elts)

    def visit_Set(self, node: ast.Set) -> Any:
        return {self.visit(e) for e in node.elts}

    def visit_Subscript(self, node: ast.Subscript) -> Any:
        container = self.visit(node.value)
        if not isinstance(container, (dict, list, tuple, str)):
            raise self.fail(f"cannot index a value of type {type(container).__name__}")
        key = self.visit(node.slice)
        try:
            return container[key]
        except (KeyError, IndexError, TypeError):
            raise self.fail(f"no item {key!r}") from None

    def visit_Attribute(self, node: ast.Attribute) -> Any:
        # Dotted names read keys of nested objects (profiel.lks_breed); never Python attributes.
        container = self.visit(node.value)
        if not isinstance(container, dict):
            raise self.fail(f"'.{node.attr}' needs an object, not {type(container).__name__}")
        if node.attr not in container:
            raise self.fail(f"unknown field '{node.attr}'")
        return container[node.attr]

    def visit_Call(self, node: ast.Call) -> Any:
        assert isinstance(node.func, ast.Name)
        return FUNCTIONS[node.func.id](*(self.visit(a) for a in node.args))
