"""How the commands' ``--help`` reads: user types, and text shown as written.

Typer labels a value with its Python annotation (``<list[str]>``, ``<int>``, ``<bool>`` for a
flag). People read ``TEXT``, ``INTEGER``, ``PATH``, ``DATE``, the choices, and nothing for a
flag, as Click prints them, so :class:`UserTypesCommand` gives every option that label. Help
texts are plain text: with rich markup on, ``[--rows N]`` or ``[a-z]`` would vanish as unknown
markup tags, so the brackets are escaped.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, get_args

import typer
from typer.core import TyperArgument, TyperCommand, TyperGroup

__all__ = [
    "UserTypesCommand",
    "UserTypesGroup",
    "escape_help_texts",
    "use_user_types",
    "user_type",
]


_NAMES = {int: "INTEGER", str: "TEXT", float: "FLOAT", bool: "BOOLEAN"}


def user_type(param: Any) -> str:
    """The label of a typer parameter's values: ``INTEGER``, ``TEXT``, ``PATH``, ``a|b``,
    ``DATE``; empty for a flag.

    Example:
        >>> import typer
        >>> from typer.main import get_command
        >>> app = typer.Typer()
        >>> @app.command()
        ... def go(n: int = 1, names: list[str] | None = None, dry: bool = False) -> None: ...
        >>> [user_type(p) for p in get_command(app).params][:3]
        ['INTEGER', 'TEXT', '']
    """
    if getattr(param, "is_flag", False):
        return ""
    desc = param.type_descriptor
    if desc.is_choice:
        return "|".join(str(getattr(c, "value", c)) for c in desc.choices or ())
    if desc.is_datetime:
        formats = desc.parameter_info.formats or ["%H"]
        return "DATE" if all("%H" not in f for f in formats) else "DATETIME"
    if desc.is_path:
        return "PATH"
    annotation = desc.annotation
    if desc.is_list:
        annotation = get_args(annotation)[0]
    return _NAMES.get(annotation, getattr(annotation, "__name__", str(annotation)).upper())


def _label(label: str) -> Callable[[Any], str]:
    return lambda ctx: label


def _user_types(command: TyperCommand | TyperGroup) -> None:
    for param in command.params:
        label = user_type(param)
        if isinstance(param, TyperArgument):
            # An argument's metavar is also its name in the first column: keep the name.
            param.display_type_rich = _label(label)  # type: ignore[method-assign,assignment]
        elif param.metavar is None:
            param.metavar = label


def escape_help_texts(command: Any) -> None:
    """Escape the brackets of ``command``'s help texts (its own, its options', its
    subcommands'), once. Done when help is shown, not when the command is built: a run that
    shows no help never loads rich's markup."""
    if getattr(command, "_help_escaped", False):
        return
    from rich.markup import escape

    if command.help:
        command.help = escape(command.help)
    for param in command.params:
        if getattr(param, "help", None):
            param.help = escape(param.help)
    command._help_escaped = True
    for sub in getattr(command, "commands", {}).values():  # a group lists their help
        escape_help_texts(sub)


def _flag_help_option(option: Any) -> Any:
    if option is not None:
        option.metavar = ""  # --help is a flag
    return option


class _UserTypes:
    """Help that shows user types and escapes the brackets of its texts (commands and groups)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _user_types(self)  # type: ignore[arg-type]

    def format_help(self, ctx: Any, formatter: Any) -> None:
        escape_help_texts(self)
        super().format_help(ctx, formatter)  # type: ignore[misc]

    def get_help_option(self, ctx: Any) -> Any:
        return _flag_help_option(super().get_help_option(ctx))  # type: ignore[misc]


class UserTypesCommand(_UserTypes, TyperCommand):
    """A command whose help shows user types and escapes the brackets of its texts."""


class UserTypesGroup(_UserTypes, TyperGroup):
    """The same for a group of commands (``datalchemy``, ``datalchemy plan``, ...)."""


def use_user_types(app: typer.Typer) -> None:
    """Make every command of ``app`` (and of its sub-apps) a :class:`UserTypesCommand`, every
    group a :class:`UserTypesGroup`."""
    if not (isinstance(app.info.cls, type) and issubclass(app.info.cls, UserTypesGroup)):
        app.info.cls = UserTypesGroup  # typer's default placeholder: a group that did not ask
    for info in app.registered_commands:
        if info.cls in (None, TyperCommand):  # typer's default: a command that did not ask
            info.cls = UserTypesCommand
    for group in app.registered_groups:
        if group.typer_instance is not None:
            use_user_types(group.typer_instance)
