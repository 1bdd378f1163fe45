"""The condition language: a small, safe subset of Python expressions.

Designers write gateway conditions, timer expressions and script assignments in
this language. Expressions are parsed with :mod:`ast` and interpreted node by
node; nothing is ever passed to ``eval`` or ``exec``. Camunda Modeler habits are
accepted: ``${...}`` / ``#{...}`` (JUEL) and a leading ``=`` (FEEL) are unwrapped,
and ``true``/``false``/``null`` mean ``True``/``False``/``None``.

An expression runs on a budget, so that no condition can stall or exhaust a service
worker: its text, the number of nodes and the nesting depth of its syntax tree are
limited when it is parsed; while it runs, every operation is counted, the size of
every value it builds (strings, lists, numbers) is checked *before* it is built, and
a wall-time bound is the last resort. A constant part of an expression that would
exceed a limit is refused when the expression is parsed, i.e. at deploy. See
docs/modelling.md and docs/adr/0004-conditions-and-timers.md.
"""

from __future__ import annotations

import ast
import datetime as dt
import operator
import re
import time
from collections.abc import Callable, Mapping
from functools import lru_cache
from typing import Any
from zoneinfo import ZoneInfo

from . import juel


class ExpressionError(Exception):
    """An expression cannot be parsed or evaluated."""

    def __init__(self, expression: str, message: str) -> None:
        shown = expression if len(expression) <= 120 else expression[:120] + "..."
        super().__init__(f"{message} (in expression {shown!r})")
        self.expression = expression
        self.message = message


class ExpressionLimit(ExpressionError):
    """An expression exceeds one of the limits of the language (size, depth, work or time)."""


# The limits of one expression (or one line of a script). Designers' conditions are short: the
# longest of the 101 processes has 107 characters and a depth of 5.
MAX_EXPRESSION_LENGTH = 2_000
"""Characters of one expression."""
MAX_NODES = 500
"""Nodes of its syntax tree (names, constants, operators, calls)."""
MAX_DEPTH = 50
"""Nesting depth of its syntax tree."""
MAX_VALUE_SIZE = 100_000
"""Size of any value it builds or reads: characters of a string, items of a list (counted through
nested lists, so ``[[0] * 1000] * 1000`` has a million), one per number."""
MAX_INT_BITS = 65_536
"""Bits of an integer it computes (about 20,000 digits)."""
MAX_OPERATIONS = 1_000_000
"""Operations of one evaluation: each node evaluated, and each item a function or an operator walks."""
MAX_SECONDS = 1.0
"""Wall time of one evaluation, the last resort behind the other limits."""
MAX_SCRIPT_LINES = 200
"""Lines of one script."""


CONSTANT_NAMES: dict[str, Any] = {
    "True": True,
    "False": False,
    "None": None,
    "true": True,
    "false": False,
    "null": None,
}

TIME_ZONE = ZoneInfo("Europe/Amsterdam")
"""The gemeente's time zone: the one in which ``vandaag()`` is today."""
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _date(value: Any, function: str) -> dt.date | None:
    """A date argument as the case data holds it (``YYYY-MM-DD``, or a date); empty is None."""
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str) and _ISO_DATE.fullmatch(value):
        return dt.date.fromisoformat(value)
    raise TypeError(f"{function} takes a date (YYYY-MM-DD), not {value!r}")


def datum_plus(date: Any, duration: Any) -> str | None:
    """The date ``duration`` (ISO 8601, e.g. ``P8W``) after ``date``, as ``YYYY-MM-DD``; empty gives None.

    A leading minus (ISO 8601-2, ``-P4W``) counts back: a signal 4 weeks before a recorded end date
    is ``datum_plus(plan_einddatum, "-P4W")``, so it moves with the date the case worker entered.
    """
    start = _date(date, "datum_plus")
    if start is None or duration is None or duration == "":
        return None
    if not isinstance(duration, str):
        raise TypeError(f"datum_plus takes an ISO 8601 duration (e.g. 'P8W'), not {duration!r}")
    back = duration.startswith("-")
    forward = duration[1:] if back else duration
    if any(int(n.split(".")[0]) > 1_000 for n in re.findall(r"[\d.]+", duration[:100])):
        raise ValueError(f"datum_plus counts at most 1000 of each unit, not {duration[:100]!r}")
    from .bpmn import parse_duration  # bpmn imports this module; its parser is the timers' own

    try:
        moment = dt.datetime.combine(start, dt.time(), dt.UTC)
        if back:
            if re.search(r"\d[YM]", forward.split("T")[0]):
                # A month back from 31 March has no one answer; weeks and days have.
                raise ValueError("count back in weeks or days (-P4W, -P28D), not in months or years")
            return (moment - parse_duration(forward, moment)).date().isoformat()
        return (moment + parse_duration(forward, moment)).date().isoformat()
    except ValueError as err:
        raise TypeError(
            f"datum_plus takes an ISO 8601 duration (e.g. 'P8W'), not {duration!r}: {err}"
        ) from None


def dagen_tussen(first: Any, second: Any) -> int | None:
    """The days from ``first`` to ``second`` (negative if ``second`` is earlier); empty gives None."""
    a, b = _date(first, "dagen_tussen"), _date(second, "dagen_tussen")
    return None if a is None or b is None else (b - a).days


def vandaag() -> str:
    """Today's date in the gemeente (Europe/Amsterdam), as ``YYYY-MM-DD``."""
    return dt.datetime.now(TIME_ZONE).date().isoformat()


ARITY: dict[str, int] = {"datum_plus": 2, "dagen_tussen": 2, "vandaag": 0}
"""The number of arguments of the date functions, checked when an expression is parsed."""

FUNCTIONS: dict[str, Callable[..., Any]] = {
    "datum_plus": datum_plus,
    "dagen_tussen": dagen_tussen,
    "vandaag": vandaag,
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


def unwrap(expression: str) -> str:
    """Strip the JUEL/FEEL wrappers Camunda Modeler users type around an expression."""
    text = expression.strip()
    if (text.startswith("${") or text.startswith("#{")) and text.endswith("}"):
        return text[2:-1].strip()
    if text.startswith("="):
        return text[1:].strip()
    return text


def source(expression: str) -> str:
    """The condition-language text of an expression: JUEL (``${...}``) translated, FEEL's ``=`` removed.

    A ``${...}`` that is not JUEL but already the condition language (``${len(kinderen) > 0}``)
    is taken as it is, as before JUEL was translated.

    Raises:
        ExpressionError: JUEL that cannot be translated, quoted with a hint.
    """
    if not juel.is_juel(expression):
        return unwrap(expression)
    _within_length(unwrap(expression), expression)  # before the translator reads every character
    try:
        return juel.translate(expression)
    except juel.JuelLimit as err:
        raise ExpressionLimit(expression, err.message) from None
    except juel.JuelError as err:
        inner = unwrap(expression)
        try:
            reads = {n.id for n in ast.walk(_parse_text(inner, expression)) if isinstance(n, ast.Name)}
        except ExpressionLimit:
            raise
        except ExpressionError:
            reads = {"execution"}
        # Camunda's execution object is JUEL, never a case variable; and `#` would make the rest a comment.
        if "execution" in reads or "#" in inner:
            raise ExpressionError(
                expression, f"JUEL cannot be translated: {err.message}; {juel.HINT}"
            ) from None
        return inner


@lru_cache(maxsize=4096)
def parse(expression: str) -> ast.expr:
    """Parse an expression and check that it only uses the allowed constructs."""
    return _parse_text(source(expression), expression)


def _parse_text(text: str, expression: str) -> ast.expr:
    if not text:
        raise ExpressionError(expression, "empty expression")
    _within_length(text, expression)
    try:
        tree = ast.parse(text, mode="eval")
    except SyntaxError as err:
        raise ExpressionError(expression, f"syntax error: {err.msg}") from None
    except (RecursionError, MemoryError):  # Python's parser gives up on deeply nested operators
        raise ExpressionLimit(
            expression, f"the expression is nested too deeply; at most {MAX_DEPTH} levels are allowed"
        ) from None
    _check_shape(tree.body, expression)
    _check(tree.body, expression)
    _check_constants(tree.body, expression)
    return tree.body


def _within_length(text: str, expression: str) -> None:
    if len(text) > MAX_EXPRESSION_LENGTH:
        raise ExpressionLimit(
            expression,
            f"the expression has {len(text)} characters; at most {MAX_EXPRESSION_LENGTH} are allowed",
        )


def _check_shape(node: ast.AST, expression: str) -> None:
    """Refuse a syntax tree with too many nodes or nested too deeply (walked without recursion)."""
    count = 0
    stack = [(node, 1)]
    while stack:
        current, depth = stack.pop()
        count += 1
        if count > MAX_NODES:
            raise ExpressionLimit(expression, f"the expression is too long; at most {MAX_NODES} terms")
        if depth > MAX_DEPTH:
            raise ExpressionLimit(
                expression, f"the expression is nested too deeply; at most {MAX_DEPTH} levels are allowed"
            )
        stack.extend((child, depth + 1) for child in ast.iter_child_nodes(current))


def _check_constants(node: ast.expr, expression: str) -> None:
    """Evaluate the parts made of constants only, so what would exceed a limit is refused now."""
    functions = {id(n.func) for n in ast.walk(node) if isinstance(n, ast.Call)}
    stack: list[ast.AST] = [node]
    while stack:
        current = stack.pop()
        if not isinstance(current, ast.expr):
            continue
        reads = any(isinstance(n, ast.Name) and id(n) not in functions for n in ast.walk(current))
        if reads:
            stack.extend(ast.iter_child_nodes(current))
        elif not isinstance(current, ast.Constant) and (limit := _constant_limit(current, expression)):
            raise limit


def _constant_limit(node: ast.expr, expression: str) -> ExpressionLimit | None:
    """The limit a constant part of an expression exceeds, if any.

    A constant part that fails otherwise (``1 < 'a'``) is left to run time: it may lie on a
    branch that is never taken.
    """
    try:
        _Interpreter(expression, {}).visit(node)
    except ExpressionLimit as err:
        return err
    except Exception:
        return None
    return None


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
            wanted = ARITY.get(child.func.id)
            if wanted is not None and len(child.args) != wanted:
                raise ExpressionError(
                    expression,
                    f"{child.func.id} takes {wanted} argument{'' if wanted == 1 else 's'}, "
                    f"not {len(child.args)}",
                )
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


def parse_script(script: str) -> list[tuple[str, str]]:
    """The ``(name, expression)`` assignments of a script of ``name = expression`` lines, each
    expression checked as :func:`parse` does: what :func:`execute` would refuse, refused here."""
    lines = script.splitlines()
    if len(lines) > MAX_SCRIPT_LINES:
        raise ExpressionLimit(script, f"the script has {len(lines)} lines; at most {MAX_SCRIPT_LINES}")
    assignments = []
    for number, raw in enumerate(lines, start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        name, sep, expression = line.partition("=")
        name = name.strip()
        if not sep or not name.isidentifier() or expression.startswith("="):
            raise ExpressionError(script, f"line {number}: expected 'name = expression'")
        try:
            parse(expression)
        except ExpressionError as err:
            raise type(err)(script, f"line {number}: {err.message}") from None
        assignments.append((name, expression))
    return assignments


def execute(script: str, context: dict[str, Any]) -> None:
    """Run a script of ``name = expression`` lines, assigning into ``context``."""
    for name, expression in parse_script(script):
        context[name] = evaluate(expression, context)


_ORDERING = (ast.Lt, ast.LtE, ast.Gt, ast.GtE)


def _empty_is_false(op: ast.cmpop, left: Any, right: Any) -> bool:
    """An empty value (an optional field left empty: None) makes an ordering false, and so does
    looking something up in it, instead of an error that stops the case (docs/modelling.md).
    ``==`` and ``!=`` keep their meaning: empty equals only empty."""
    if isinstance(op, _ORDERING):
        return left is None or right is None
    return isinstance(op, (ast.In, ast.NotIn)) and right is None


def _number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) or isinstance(value, bool)


class _Interpreter:
    """Evaluates a checked syntax tree node by node, on the budget of one evaluation."""

    def __init__(self, expression: str, context: Mapping[str, Any]) -> None:
        self.expression = expression
        self.context = context
        self.operations = 0
        self.deadline = time.monotonic() + MAX_SECONDS

    def fail(self, message: str) -> ExpressionError:
        return ExpressionError(self.expression, message)

    def limit(self, message: str) -> ExpressionLimit:
        return ExpressionLimit(self.expression, message)

    def spend(self, operations: int = 1) -> None:
        """Count operations against the budget; look at the clock every 1,024 of them."""
        before = self.operations
        self.operations += operations
        if self.operations > MAX_OPERATIONS:
            raise self.limit(f"the expression needs more than {MAX_OPERATIONS:,} operations")
        if before >> 10 != self.operations >> 10 and time.monotonic() > self.deadline:
            raise self.limit(f"the expression ran longer than {MAX_SECONDS:g} s")

    def size(self, value: Any) -> int:
        """The size of a value: characters of a string, items of a list counted through nested lists
        (``[[0] * 1000] * 1000`` has 1,001,000), one for a number. The walk stops just past
        MAX_VALUE_SIZE, so it costs at most that many operations."""
        if not isinstance(value, (str, list, tuple, set, frozenset, dict)):
            return 1 + (value.bit_length() >> 6 if isinstance(value, int) else 0)
        total = 0
        stack = [value]
        while stack and total <= MAX_VALUE_SIZE:
            item = stack.pop()
            if isinstance(item, str):
                total += len(item)
            elif isinstance(item, (list, tuple, set, frozenset)):
                total += len(item)
                self.spend(len(item))
                stack.extend(i for i in item if not isinstance(i, (int, float, bool, type(None))))
            elif isinstance(item, dict):
                total += len(item)
                self.spend(len(item))
                stack.extend(item.keys())
                stack.extend(item.values())
            elif isinstance(item, int):
                total += item.bit_length() >> 6
        return max(total, 1)

    def check_size(self, size: int, what: str) -> None:
        if size > MAX_VALUE_SIZE:
            raise self.limit(f"{what} would be too large ({size:,} > {MAX_VALUE_SIZE:,} characters or items)")

    def check_bits(self, bits: int) -> None:
        if bits > MAX_INT_BITS:
            raise self.limit(f"the number would be too large (more than {MAX_INT_BITS:,} bits)")

    def visit(self, node: ast.AST) -> Any:
        self.spend()
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
        left, right = self.visit(node.left), self.visit(node.right)
        self.check_operands(node.op, left, right)
        return _BIN_OPS[type(node.op)](left, right)

    def check_operands(self, op: ast.operator, left: Any, right: Any) -> None:
        """Refuse an operation whose result would exceed a limit, before it is computed."""
        sequences = (str, list, tuple)
        if isinstance(op, ast.Mod) and isinstance(left, (str, bytes)):
            raise self.fail("'%' formats no text here; it computes the remainder of numbers")
        if isinstance(op, ast.Add) and isinstance(left, sequences) and isinstance(right, sequences):
            self.check_size(self.size(left) + self.size(right), "the joined value")
        elif isinstance(op, ast.Mult) and isinstance(left, sequences) != isinstance(right, sequences):
            sequence, times = (left, right) if isinstance(left, sequences) else (right, left)
            if isinstance(times, int) and times > 0:
                self.check_size(self.size(sequence) * times, "the repeated value")
        elif isinstance(left, int) and isinstance(right, int):
            bits = max(left.bit_length(), right.bit_length())
            self.check_bits(bits + right.bit_length() if isinstance(op, ast.Mult) else bits + 1)

    def visit_Compare(self, node: ast.Compare) -> Any:
        left = self.visit(node.left)
        for op, comparator in zip(node.ops, node.comparators, strict=True):
            right = self.visit(comparator)
            if isinstance(right, (list, tuple, set, dict)):
                self.spend(len(right))
            if _empty_is_false(op, left, right) or not _COMPARE_OPS[type(op)](left, right):
                return False
            left = right
        return True

    def visit_IfExp(self, node: ast.IfExp) -> Any:
        return self.visit(node.body) if self.visit(node.test) else self.visit(node.orelse)

    def visit_List(self, node: ast.List) -> Any:
        value = [self.visit(e) for e in node.elts]
        self.check_size(self.size(value), "the list")
        return value

    def visit_Tuple(self, node: ast.Tuple) -> Any:
        value = tuple(self.visit(e) for e in node.elts)
        self.check_size(self.size(value), "the list")
        return value

    def visit_Set(self, node: ast.Set) -> Any:
        value = {self.visit(e) for e in node.elts}
        self.check_size(self.size(value), "the set")
        return value

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
        name = node.func.id
        args = [self.visit(a) for a in node.args]
        for arg in args:  # the functions walk their arguments' items once
            if isinstance(arg, (list, tuple, set, dict)):
                self.spend(len(arg))
        if name == "sum":
            items = [*args[0], *args[1:]] if args and isinstance(args[0], (list, tuple, set)) else args
            if not all(_number(item) for item in items):
                raise self.fail("sum adds numbers only")
            self.check_bits(max((i.bit_length() for i in items if isinstance(i, int)), default=0) + 64)
        if name == "round" and len(args) > 1 and isinstance(args[1], int) and abs(args[1]) > 100:
            raise self.fail("round takes at most 100 digits")
        if name == "str" and args and not isinstance(args[0], str):
            self.check_size(self.size(args[0]), "the text")
        result = FUNCTIONS[name](*args)
        if name == "str" and isinstance(result, str):
            self.check_size(len(result), "the text")
        return result
