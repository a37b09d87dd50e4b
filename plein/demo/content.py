"""Reading the demo texts: one TOML file per kind in `plein/demo/content/` (questions,
resources, circles, ...), turned into the dataclasses and tuples each app's `demo.py` works
with.

The files hold only what a person would write: Dutch titles, bodies, answers, notes, and
the few numbers that belong to a text (how many days ago a story was posted). Who writes
what, when and through which action stays in Python, in each app's `demo.py`, so the demo
still goes through the actions and the privacy guard (DESIGN.md rule 11).

TOML because it is in the standard library (`tomllib`) and keeps long Dutch texts readable
as multi-line strings. A file is read once per process. `build` shapes what TOML gives
(lists, tables, strings) after a type hint: lists become tuples, tables become the
dataclass the hint names, a string becomes the choice (`TextChoices`) a field asks for.
TOML has no null: a field left out of a table keeps its dataclass default."""

import tomllib
from dataclasses import is_dataclass
from enum import Enum
from functools import cache
from importlib import resources
from types import NoneType, UnionType
from typing import Any, TypeVar, Union, get_args, get_origin, get_type_hints

T = TypeVar("T")


@cache
def read(name: str) -> dict[str, Any]:
    """The parsed `content/<name>.toml`."""
    text = resources.files("plein.demo").joinpath("content", f"{name}.toml").read_text("utf-8")
    return tomllib.loads(text)


def records(name: str, table: str, cls: type[T]) -> tuple[T, ...]:
    """Every `[[table]]` of `content/<name>.toml` as a `cls`."""
    return tuple(build(cls, row) for row in read(name)[table])


def get(name: str, key: str, hint: Any) -> Any:
    """`key` of `content/<name>.toml`, in the shape `hint` describes."""
    return build(hint, read(name)[key])


def build(hint: Any, value: Any) -> Any:
    """`value` as TOML read it, in the shape `hint` describes."""
    origin = get_origin(hint)
    if origin is Union or origin is UnionType:
        options = [option for option in get_args(hint) if option is not NoneType]
        return build(options[0], value) if len(options) == 1 else value
    if origin is tuple:
        args = get_args(hint)
        if len(args) == 2 and args[1] is Ellipsis:
            return tuple(build(args[0], item) for item in value)
        return tuple(build(arg, item) for arg, item in zip(args, value, strict=True))
    if origin is dict:
        item_hint = get_args(hint)[1]
        return {key: build(item_hint, item) for key, item in value.items()}
    if isinstance(hint, type) and is_dataclass(hint):
        hints = get_type_hints(hint)
        return hint(**{key: build(hints[key], item) for key, item in value.items()})
    if isinstance(hint, type) and issubclass(hint, Enum):
        return hint(value)
    if hint is float and isinstance(value, int):
        return float(value)
    return value
