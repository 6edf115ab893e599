"""What validation reads: resources of the descriptor, tables as read from disk, the package."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from analysis.validate.problems import Problem


@dataclass
class Resource:
    """One resource of the descriptor, after its shape was checked: a file inside the package and a schema."""

    name: str
    path: Path
    schema: dict
    fields: list[str]
    types: dict[str, str]
    retired: tuple[str, ...] = ()  # ids once used and never to be used again (the descriptor's retiredIds)


@dataclass
class Table:
    """A CSV resource as read from disk: header and rows as strings, keyed by column name."""

    name: str
    file: str
    header: list[str] = field(default_factory=list)
    rows: list[dict[str, str]] = field(default_factory=list)  # schema columns only; row numbers below
    row_numbers: list[int] = field(default_factory=list)
    readable: bool = False
    missing: set[str] = field(default_factory=set)  # schema columns absent from the header (read as blank)
    fields: list[str] = field(default_factory=list)  # the schema's columns, in order
    shaped: set[int] = field(default_factory=set)  # rows whose shape was reported (no 'missing value' per cell)
    bad_cells: set[tuple[int, str]] = field(default_factory=set)  # (row, column) refused by a cell parser
    blank: set[int] = field(default_factory=set)  # blank rows (reported when read, not given to Frictionless)
    not_text: set[tuple[int, str]] = field(default_factory=set)  # (row, column) that is not plain NFC text

    def has(self, *columns: str) -> bool:
        """True when the table was read and none of ``columns`` is missing: a check that reads a missing
        column is skipped, so one missing column is one problem, not one per row."""
        return self.readable and not set(columns) & self.missing


@dataclass
class Package:
    """What validation read: the descriptor, every table, and the decoded source texts."""

    root: Path
    descriptor: dict
    tables: dict[str, Table]
    texts: dict[str, str]
    problems: list[Problem]
    resources: dict[str, Resource] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.problems


def split_ids(cell: str) -> list[str]:
    return [part.strip() for part in cell.split(";") if part.strip()] if cell else []
