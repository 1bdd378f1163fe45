"""Settings, read once from the environment (prefix PROCESREGIE_)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from pydantic_settings import BaseSettings, SettingsConfigDict

ROOT = Path(__file__).resolve().parent.parent


class Settings(BaseSettings):
    """Configuration of the engine, the service and the timer worker."""

    model_config = SettingsConfigDict(env_prefix="PROCESREGIE_", env_file=".env", extra="ignore")

    database_url: str = "sqlite:///procesregie.sqlite3"
    processes_dir: Path = ROOT / "processes"
    profiles_dir: Path = ROOT / "processes" / "profielen"
    timer_interval_seconds: float = 5.0
    timer_batch_size: int = 50


@lru_cache
def get_settings() -> Settings:
    return Settings()
