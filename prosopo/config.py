"""Settings, read from the environment with the PROSOPO_ prefix (no module-level instance)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from pydantic import ValidationError, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict, SettingsError

REPO_ROOT = Path(__file__).resolve().parent.parent
# A checkout keeps its data and database beside the code; an installed package (`pip install .`)
# finds them in the folder it is run from, unless PROSOPO_DATA_DIR and PROSOPO_DATABASE_URL say.
_HOME = REPO_ROOT if (REPO_ROOT / "data").is_dir() else Path.cwd()
DEFAULT_DATA_DIR = _HOME / "data"
DEFAULT_DATABASE_URL = f"sqlite:///{_HOME / 'prosopo.sqlite'}"


class Settings(BaseSettings):
    """Where the database, the curated data and the source texts are."""

    model_config = SettingsConfigDict(env_prefix="PROSOPO_")

    database_url: str = DEFAULT_DATABASE_URL
    data_dir: Path = DEFAULT_DATA_DIR
    sources: Path | None = None  # folder holding the source texts; optional
    # origins whose web pages may call the API (PROSOPO_CORS_ORIGINS='["https://a.example"]',
    # or '["*"]' for any); none by default
    cors_origins: list[str] = []

    @field_validator("sources", mode="before")
    @classmethod
    def _empty_is_unset(cls, value: object) -> object:
        """PROSOPO_SOURCES= (empty) means the texts are absent, not the current folder."""
        return None if isinstance(value, str) and not value.strip() else value


class BadSetting(ValueError):
    """A setting in the environment that cannot be read; the message names it, in one line."""


def _variable(field: str) -> str:
    return f"PROSOPO_{field.upper()}"


def read_settings(**overrides: Any) -> Settings:
    """The settings of the environment with `overrides`, or BadSetting naming what is wrong."""
    try:
        return Settings(**overrides)
    except SettingsError as error:  # a value pydantic-settings could not even parse
        field = re.search(r'field "([^"]+)"', str(error))
        name = _variable(field.group(1)) if field else "a PROSOPO_ setting"
        reason = str(error.__cause__ or error).splitlines()[0]
        raise BadSetting(f"{name}: cannot read its value ({reason})") from None
    except ValidationError as error:
        parts = [
            f"{_variable(str(e['loc'][0])) if e['loc'] else 'a setting'}: {e['msg']}"
            for e in error.errors()
        ]
        raise BadSetting("; ".join(parts)) from None
