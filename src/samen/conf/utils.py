"""One place to read settings from the environment.

Every setting Samen reads from the environment goes through :func:`config`, which records its
name, default and help text. ``docs/configuration.md`` is generated from that record
(``python src/manage.py settings_doc``) and a test keeps the two in step.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from decouple import Csv, undefined
from decouple import config as _decouple_config

__all__ = ["Csv", "EnvironmentSetting", "REGISTRY", "config"]


@dataclass(frozen=True)
class EnvironmentSetting:
    name: str
    default: Any
    help_text: str
    group: str


REGISTRY: dict[str, EnvironmentSetting] = {}


def config(name: str, default: Any = undefined, *, help_text: str, group: str = "Core", **kwargs):
    """Read ``name`` from the environment (or ``.env``), remembering it for the documentation."""
    REGISTRY.setdefault(
        name,
        EnvironmentSetting(
            name=name,
            default=None if default is undefined else default,
            help_text=help_text,
            group=group,
        ),
    )
    return _decouple_config(name, default=default, **kwargs)
