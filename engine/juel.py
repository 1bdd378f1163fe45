"""JUEL, as Camunda 7 designers write conditions, translated into the condition language.

Camunda 7 evaluates ``${...}`` with the Java Unified Expression Language. procesregie
runs its own condition language (:mod:`engine.expressions`, a safe subset of Python), so
a JUEL expression is translated once, when the model is deployed: tokenized, parsed by
precedence into a small syntax tree and written out again with Python's operators and
parentheses where Python's precedence differs (``!a == b`` is ``(not a) == b``).

What JUEL has and procesregie does not (method calls other than
``execution.getVariable('x')``, functions such as ``fn:contains``, ``instanceof``,
lambda expressions, text around or between ``${...}``) is refused with the
expression and a hint. See docs/adr/0024-juel-translated-at-deploy.md.
"""

from __future__ import annotations

import json
import keyword
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

HINT = (
    "write JUEL with variables, literals, . and [], the operators && || ! == != < > <= >= "
    "(or and or not eq ne lt gt le ge), + - * / div % mod, empty, ?: and execution.getVariable('x')"
)


class JuelError(ValueError):
    """A JUEL expression that cannot be translated; ``message`` says why and what to write instead."""

    def __init__(self, expression: str, message: str) -> None:
        super().__init__(f"{message} (in JUEL {expression!r})")
        self.expression = expression
        self.message = message


class JuelLimit(JuelError):
    """JUEL nested deeper than the translator follows (:data:`MAX_DEPTH`)."""


@dataclass(frozen=True)
class Token:
    kind: str
    """``name``, ``number``, ``string``, ``op`` or ``end``."""
    text: str
    position: int
    value: str | None = None
    """The value of a string literal, with its escapes resolved."""


KEYWORDS = {
    "and": "&&",
    "or": "||",
    "not": "!",
    "eq": "==",
    "ne": "!=",
    "lt": "<",
    "gt": ">",
    "le": "<=",
    "ge": ">=",
    "div": "/",
    "mod": "%",
    "empty": "empty",
}
LITERALS = {"true": "True", "false": "False", "null": "None"}
OPERATORS = ("&&", "||", "==", "!=", "<=", ">=", "!", "<", ">", "+", "-", "*", "/", "%", "?", ":")
PUNCTUATION = ("(", ")", "[", "]", ".", ",")
_NUMBER = re.compile(r"(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?")
_NAME = re.compile(r"[A-Za-z_$][A-Za-z0-9_$]*")
_REFUSED_WORDS = {
    "instanceof": "'instanceof' has no counterpart here",
    "function": "functions are not supported",
}


def tokenize(expression: str) -> list[Token]:
    """The tokens of the JUEL text inside ``${...}``; keywords become their operator."""
    tokens: list[Token] = []
    text, i = expression, 0
    while i < len(text):
        char = text[i]
        if char.isspace():
            i += 1
            continue
        if char in "'\"":
            value, end = _string(expression, i)
            tokens.append(Token("string", text[i:end], i, value))
            i = end
            continue
        number = _NUMBER.match(text, i)
        if number and (char.isdigit() or (char == "." and i + 1 < len(text) and text[i + 1].isdigit())):
            tokens.append(Token("number", number.group(0), i))
            i = number.end()
            continue
        name = _NAME.match(text, i)
        if name:
            word = name.group(0)
            if word in _REFUSED_WORDS:
                raise JuelError(expression, _REFUSED_WORDS[word])
            if word in KEYWORDS:
                tokens.append(Token("op", KEYWORDS[word], i))
            else:
                tokens.append(Token("name", word, i))
            i = name.end()
            continue
        for op in (*OPERATORS, *PUNCTUATION):
            if text.startswith(op, i):
                tokens.append(Token("op", op, i))
                i += len(op)
                break
        else:
            raise JuelError(expression, f"unexpected character {char!r} at position {i + 1}")
    tokens.append(Token("end", "", len(text)))
    return tokens


def _string(expression: str, start: int) -> tuple[str, int]:
    """A JUEL string literal from ``start``: its value and the index after its closing quote."""
    quote, i, value = expression[start], start + 1, []
    while i < len(expression):
        char = expression[i]
        if char == "\\" and i + 1 < len(expression) and expression[i + 1] in ("\\", "'", '"'):
            value.append(expression[i + 1])
            i += 2
            continue
        if char == quote:
            return "".join(value), i + 1
        value.append(char)
        i += 1
    raise JuelError(expression, f"the text starting at position {start + 1} has no closing {quote}")


# Python precedence of what we write: the emitter adds parentheses where a part binds less tightly.
_IF, _OR, _AND, _NOT, _COMPARE, _ADD, _MUL, _UNARY, _ATOM = range(1, 10)
_BINARY = {
    "||": (_OR, "or"),
    "&&": (_AND, "and"),
    "==": (_COMPARE, "=="),
    "!=": (_COMPARE, "!="),
    "<": (_COMPARE, "<"),
    ">": (_COMPARE, ">"),
    "<=": (_COMPARE, "<="),
    ">=": (_COMPARE, ">="),
    "+": (_ADD, "+"),
    "-": (_ADD, "-"),
    "*": (_MUL, "*"),
    "/": (_MUL, "/"),
    "%": (_MUL, "%"),
}
# JUEL's own binding strength of its binary operators, loosest first.
MAX_DEPTH = 50
"""Levels of nesting (parentheses, brackets, ``? :``, prefix operators) the translator follows, as the
condition language allows: deeper JUEL is refused before the recursive descent runs out of stack."""
_LEVELS = (("||",), ("&&",), ("==", "!="), ("<", ">", "<=", ">="), ("+", "-"), ("*", "/", "%"))
EMPTY_VALUES = '(None, "", [])'
"""What JUEL's ``empty`` is true for: null, the empty string and an empty list."""


class _Parser:
    """Recursive descent over JUEL's grammar, producing condition-language text with its precedence."""

    def __init__(self, expression: str) -> None:
        self.expression = expression
        self.tokens = tokenize(expression)
        self.index = 0
        self.depth = 0

    def fail(self, message: str) -> JuelError:
        return JuelError(self.expression, message)

    @property
    def token(self) -> Token:
        return self.tokens[self.index]

    def take(self, text: str | None = None) -> Token:
        token = self.token
        if text is not None and (token.kind != "op" or token.text != text):
            found = f"{token.text!r}" if token.kind != "end" else "the end"
            raise self.fail(f"expected {text!r} at position {token.position + 1}, found {found}")
        self.index += 1
        return token

    def at(self, *texts: str) -> bool:
        return self.token.kind == "op" and self.token.text in texts

    def parse(self) -> str:
        text, _ = self.conditional()
        if self.token.kind != "end":
            raise self.fail(f"unexpected {self.token.text!r} at position {self.token.position + 1}")
        return text

    @contextmanager
    def nested(self) -> Iterator[None]:
        """One level deeper, refused past :data:`MAX_DEPTH`."""
        if self.depth >= MAX_DEPTH:
            raise JuelLimit(
                self.expression,
                f"the expression is nested too deeply; at most {MAX_DEPTH} levels are allowed",
            )
        self.depth += 1
        try:
            yield
        finally:
            self.depth -= 1

    def conditional(self) -> tuple[str, int]:
        with self.nested():
            return self._conditional()

    def _conditional(self) -> tuple[str, int]:
        test = self.binary(0)
        if not self.at("?"):
            return test
        self.take("?")
        then = self.conditional()
        self.take(":")
        otherwise = self.conditional()
        return f"{_wrap(then, _OR)} if {_wrap(test, _OR)} else {_wrap(otherwise, _IF)}", _IF

    def binary(self, level: int) -> tuple[str, int]:
        if level == len(_LEVELS):
            return self.unary()
        left = self.binary(level + 1)
        while self.at(*_LEVELS[level]):
            op = self.take().text
            right = self.binary(level + 1)
            precedence, python = _BINARY[op]
            # Python chains comparisons (a < b < c); JUEL does not, so both sides of one are wrapped.
            left_min = precedence + 1 if precedence == _COMPARE else precedence
            left = (f"{_wrap(left, left_min)} {python} {_wrap(right, precedence + 1)}", precedence)
        return left

    def unary(self) -> tuple[str, int]:
        if not self.at("!", "empty", "-"):
            return self.postfix(self.primary())
        with self.nested():
            return self._prefixed()

    def _prefixed(self) -> tuple[str, int]:
        if self.at("!"):
            self.take()
            if self.at("empty"):
                self.take()
                operand = self.unary()
                return f"{_wrap(operand, _ADD)} not in {EMPTY_VALUES}", _COMPARE
            operand = self.unary()
            return f"not {_wrap(operand, _ADD)}", _NOT
        if self.at("empty"):
            self.take()
            operand = self.unary()
            return f"{_wrap(operand, _ADD)} in {EMPTY_VALUES}", _COMPARE
        self.take("-")
        operand = self.unary()
        return f"-{_wrap(operand, _UNARY)}", _UNARY

    def primary(self) -> tuple[str, int]:
        token = self.take()
        if token.kind == "number":
            return token.text, _ATOM
        if token.kind == "string":
            return json.dumps(token.value, ensure_ascii=False), _ATOM
        if token.kind == "op" and token.text == "(":
            inner, _ = self.conditional()
            self.take(")")
            return f"({inner})", _ATOM
        if token.kind == "name":
            if token.text in LITERALS:
                return LITERALS[token.text], _ATOM
            if token.text == "execution":
                return self.execution_call(), _ATOM
            if self.at(":"):
                raise self.fail(f"functions such as '{token.text}:…' are not supported")
            if self.at("("):
                raise self.fail(f"functions such as '{token.text}(…)' are not supported")
            return _identifier(self.expression, token.text), _ATOM
        found = f"{token.text!r}" if token.kind != "end" else "the end"
        raise self.fail(f"expected a value at position {token.position + 1}, found {found}")

    def execution_call(self) -> str:
        """``execution.getVariable('name')``: the case variable ``name``."""
        if self.at(".") and self.tokens[self.index + 1].text in ("getVariable", "getVariableLocal"):
            self.take(".")
            self.take()
            self.take("(")
            argument = self.take()
            self.take(")")
            if argument.kind != "string" or argument.value is None:
                raise self.fail("execution.getVariable takes the variable's name in quotes")
            return _identifier(self.expression, argument.value)
        member = self.tokens[self.index + 1].text if self.at(".") else ""
        raise self.fail(
            f"'execution{'.' + member if member else ''}' is not available; "
            "only execution.getVariable('name') is (the case data)"
        )

    def postfix(self, value: tuple[str, int]) -> tuple[str, int]:
        text, precedence = value
        while self.at(".", "[", "("):
            if self.at("("):
                raise self.fail(f"method calls such as '{text}(…)' are not supported")
            if self.take().text == ".":
                member = self.take()
                if member.kind != "name":
                    raise self.fail(f"expected a property name after '.' at position {member.position + 1}")
                if self.at("("):
                    raise self.fail(f"method calls such as '{text}.{member.text}(…)' are not supported")
                if not member.text.isidentifier() or member.text.startswith("_"):
                    raise self.fail(
                        f"property '{member.text}' cannot be read here; use {text}['{member.text}']"
                    )
                text = f"{_wrap((text, precedence), _ATOM)}.{member.text}"
            else:
                index, _ = self.conditional()
                self.take("]")
                text = f"{_wrap((text, precedence), _ATOM)}[{index}]"
            precedence = _ATOM
        return text, precedence


def _wrap(part: tuple[str, int], minimum: int) -> str:
    text, precedence = part
    return text if precedence >= minimum else f"({text})"


def _identifier(expression: str, name: str) -> str:
    if not name.isidentifier() or keyword.iskeyword(name) or name in ("True", "False", "None"):
        raise JuelError(expression, f"the variable name '{name}' cannot be used here; rename the variable")
    return name


def is_juel(text: str) -> bool:
    """Whether a condition is written as JUEL: ``${...}`` or ``#{...}``, as Camunda 7 requires."""
    stripped = text.strip()
    return stripped.startswith(("${", "#{")) and stripped.endswith("}")


def translate(text: str) -> str:
    """The condition-language text of a JUEL expression ``${...}`` (or ``#{...}``).

    Raises:
        JuelError: the expression uses what has no counterpart here, or is not valid JUEL.
    """
    stripped = text.strip()
    inner = stripped[2:-1]
    if "${" in inner or "#{" in inner:
        raise JuelError(text, "text with more than one ${…} is not a condition; write one expression")
    if not inner.strip():
        raise JuelError(text, "the expression is empty")
    return _Parser(inner).parse()
