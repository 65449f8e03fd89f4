"""Where a profile lives: the database, its key file, index files and caches."""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

import platformdirs

APP_NAME = "Mixtape"


@dataclass(frozen=True)
class Profile:
    dir: Path

    @classmethod
    def resolve(cls, path: Path | str | None = None) -> Profile:
        """``path`` if given, else ``$MIXTAPE_HOME``, else the platform's user data directory."""
        if path is None:
            env = os.environ.get("MIXTAPE_HOME")
            path = env if env else platformdirs.user_data_dir(APP_NAME, appauthor=False)
        return cls(Path(path).expanduser().resolve())

    @property
    def db_path(self) -> Path:
        return self.dir / "library.db"

    @property
    def key_path(self) -> Path:
        return self.dir / "library.key"

    @property
    def index_dir(self) -> Path:
        return self.dir / "index"

    @property
    def cache_dir(self) -> Path:
        return self.dir / "cache"

    @property
    def keyring_user(self) -> str:
        """The keyring entry name: one per profile, derived from its path (not secret)."""
        return "library-" + hashlib.sha256(str(self.dir).encode()).hexdigest()[:16]

    def ensure(self) -> None:
        """Create the profile directory readable by the user only."""
        self.dir.mkdir(parents=True, exist_ok=True, mode=0o700)
        os.chmod(self.dir, 0o700)
