"""Forms as Camunda Modeler writes them (``camunda:formData``), validated with pydantic."""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field
from decimal import Decimal
from functools import cached_property
from typing import Annotated, Any, Literal

from lxml import etree
from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PlainSerializer,
    Strict,
    ValidationError,
    create_model,
)
from pydantic_core import ErrorDetails

from .errors import FieldError, InvalidInput
from .vocabulary import BPMN_NS, CAMUNDA_NS, FieldType

CONSTRAINTS = ("required", "readonly", "min", "max", "minlength", "maxlength")


@dataclass(frozen=True)
class FormField:
    """One field of a form: what the modeler's Forms tab shows."""

    id: str
    label: str
    type: str
    required: bool = False
    readonly: bool = False
    default: str | None = None
    min: int | None = None
    max: int | None = None
    minlength: int | None = None
    maxlength: int | None = None
    options: tuple[tuple[str, str], ...] = ()

    def as_dict(self) -> dict[str, Any]:
        """JSON form of the field, as the API shows it."""
        data = asdict(self)
        data["options"] = [{"id": i, "name": n} for i, n in self.options]
        return data


@dataclass(frozen=True)
class Form:
    """The form of a user task or start event."""

    fields: tuple[FormField, ...] = field(default_factory=tuple)

    def as_list(self) -> list[dict[str, Any]]:
        return [f.as_dict() for f in self.fields]

    @cached_property
    def model(self) -> type[BaseModel]:
        """A pydantic model of this form; built once per process version."""
        definitions: dict[str, Any] = {}
        for f in self.fields:
            annotation: Any = _annotation(f)
            if f.required:
                definitions[f.id] = (annotation, Field(title=f.label))
            else:
                definitions[f.id] = (annotation | None, Field(default=None, title=f.label))
        return create_model("Form", __config__=ConfigDict(extra="forbid"), **definitions)

    def validate(self, data: dict[str, Any]) -> dict[str, Any]:
        """Validate submitted data; return every field's value in JSON form.

        Raises:
            InvalidInput: naming each field that is missing, of the wrong type or out of range.
        """
        try:
            values = self.model.model_validate(data)
        except ValidationError as err:
            raise InvalidInput(
                [FieldError(".".join(str(p) for p in e["loc"]) or "data", _message(e)) for e in err.errors()]
            ) from None
        return values.model_dump(mode="json")


def _annotation(f: FormField) -> Any:
    if f.type == "long":
        return Annotated[int, Strict(), Field(ge=f.min, le=f.max)]
    if f.type == "bedrag":
        # Euros with cents: a number (or its text with a decimal point), at most 2 decimals, kept
        # exactly while validated and stored as a JSON number, so conditions compare it as one.
        return Annotated[
            Decimal,
            BeforeValidator(_no_bool),
            Field(ge=f.min, le=f.max, max_digits=14, decimal_places=2, allow_inf_nan=False),
            PlainSerializer(float, return_type=float, when_used="json"),
        ]
    if f.type == "boolean":
        return Annotated[bool, Strict()]
    if f.type == "date":
        return dt.date
    if f.type == "enum":
        return Literal[tuple(option_id for option_id, _ in f.options)]
    return Annotated[str, Strict(), Field(min_length=f.minlength, max_length=f.maxlength)]


def _no_bool(value: Any) -> Any:
    """A yes/no is no amount (pydantic would read true as 1)."""
    if isinstance(value, bool):
        raise ValueError("an amount in euros is a number, e.g. 1234.56, not true or false")
    return value


def _message(error: ErrorDetails) -> str:
    if error["type"] == "extra_forbidden":
        return "is not a field of this form"
    if error["type"] == "missing":
        return "is required"
    return str(error["msg"])


def parse_form(node: etree._Element) -> tuple[Form, list[str]]:
    """Read the ``camunda:formData`` of a BPMN element; return the form and its problems."""
    fields: list[FormField] = []
    problems: list[str] = []
    for xml_field in node.iterfind(
        f"{{{BPMN_NS}}}extensionElements/{{{CAMUNDA_NS}}}formData/{{{CAMUNDA_NS}}}formField"
    ):
        field_id = xml_field.get("id") or ""
        field_type = xml_field.get("type") or "string"
        if not field_id.isidentifier():
            problems.append(f"form field id '{field_id}' must be a name (letters, digits, _)")
            continue
        if field_type not in set(FieldType):
            problems.append(
                f"form field '{field_id}' has type '{field_type}'; use one of {', '.join(FieldType)}"
            )
            continue
        constraints: dict[str, Any] = {}
        for constraint in xml_field.iterfind(f"{{{CAMUNDA_NS}}}validation/{{{CAMUNDA_NS}}}constraint"):
            name, config = constraint.get("name", ""), constraint.get("config")
            if name not in CONSTRAINTS:
                problems.append(f"form field '{field_id}' has unknown constraint '{name}'")
            elif name in ("required", "readonly"):
                constraints[name] = config in (None, "", "true")
            else:
                try:
                    constraints[name] = int(config or "")
                except ValueError:
                    problems.append(
                        f"form field '{field_id}' constraint '{name}' needs a whole number, not '{config}'"
                    )
        options = tuple(
            (v.get("id", ""), v.get("name") or v.get("id", ""))
            for v in xml_field.iterfind(f"{{{CAMUNDA_NS}}}value")
        )
        if field_type == "enum" and not options:
            problems.append(f"enum form field '{field_id}' has no values")
            continue
        fields.append(
            FormField(
                id=field_id,
                label=xml_field.get("label") or field_id,
                type=field_type,
                default=xml_field.get("defaultValue"),
                options=options,
                **constraints,
            )
        )
    ids = [f.id for f in fields]
    problems.extend(f"form field '{i}' occurs twice" for i in sorted({i for i in ids if ids.count(i) > 1}))
    return Form(tuple(fields)), problems
