"""Problems found in a data package, and how they are printed: located, escaped, never a traceback."""
from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Problem:
    """One thing wrong, located as precisely as possible (row 1 is the header row)."""

    file: str
    row: int | None
    column: str | None
    value: str | None
    message: str

    def __str__(self) -> str:
        where = [self.file]
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.column:
            where.append(f"column {self.column}")
        if self.value is not None:
            where.append(f"value {short(self.value, 200)!r}")
        return escape(", ".join(where) + ": " + self.message)

    def sort_key(self) -> tuple:
        return (self.file, self.row or 0, self.column or "", self.message)


CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff]")
_INERT = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff\u202a-\u202e\ufffe\uffff]")


def escape(text: str) -> str:
    """Text from the data, made inert for a terminal: C0/C1 control characters (ESC sequences, CR, NUL …),
    unpaired surrogates (which no terminal encoding can write), bidirectional overrides and embeddings
    (which would reorder the rest of the line) and the noncharacters U+FFFE/FFFF become visible escapes such
    as ``\\x1b``. Bidirectional marks and isolates stay: they are printable, and Arabic text needs them."""
    return _INERT.sub(lambda m: f"\\x{ord(m[0]):02x}" if ord(m[0]) < 0x100 else f"\\u{ord(m[0]):04x}", text)


class DataPackageError(ValueError):
    """Raised by the loaders: the package is invalid; ``problems`` lists everything found."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__(f"{len(problems)} problem(s) in the data package:\n" + "\n".join(map(str, problems)))


def short(s: str, n: int = 40) -> str:
    return s if len(s) <= n else s[:n] + "…"


def display(path: Path) -> str:
    path = Path(os.path.abspath(path))
    cwd = Path.cwd()
    return str(path.relative_to(cwd)) if path.is_relative_to(cwd) else str(path)
