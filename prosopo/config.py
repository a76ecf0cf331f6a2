"""Settings, read from the environment with the PROSOPO_ prefix (no module-level instance)."""

from __future__ import annotations

from pathlib import Path

from pydantic import field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATA_DIR = REPO_ROOT / "data"
DEFAULT_DATABASE_URL = f"sqlite:///{REPO_ROOT / 'prosopo.sqlite'}"


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
