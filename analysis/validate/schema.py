"""Cells against the shared parsers, and the Table Schema checks run by Frictionless."""
from __future__ import annotations

import re

from analysis.validate.cells import PARSERS, CellError, parsed, text_problems, visible
from analysis.validate.descriptor import FOREIGN_KEYS, PRIMARY_KEYS, RULES
from analysis.validate.model import Package, Table
from analysis.validate.problems import Problem, display

# --- cells and schema ------------------------------------------------------------------------------

def check_cells(pkg: Package) -> list[Problem]:
    """Every integer, number, boolean and date cell against the shared parsers (see PARSERS)."""
    problems = []
    for name, resource in pkg.resources.items():
        table = pkg.tables.get(name)
        if not table or not table.readable:
            continue
        for column, kind in resource.types.items():
            parse = PARSERS.get(kind)
            if parse is None or column in table.missing:
                continue
            for number, row in zip(table.row_numbers, table.rows):
                cell = row[column]
                if cell == "":
                    continue
                try:
                    parse(cell)
                except CellError as exc:
                    problems.append(Problem(table.file, number, column, cell, str(exc)))
                    table.bad_cells.add((number, column))
    return problems


def frictionless_problems(pkg: Package) -> list[Problem]:
    """Schema checks by Frictionless on the rows as read (so BOM/CRLF/ragged rows are handled once).

    Frictionless sees only a descriptor rebuilt from the checked shapes, with the rows inline: it opens
    no file and no URL. No error limit: every problem is reported.
    """
    from frictionless import Package as FrictionlessPackage

    keep = [n for n, r in pkg.resources.items() if pkg.tables.get(n) and pkg.tables[n].readable]
    if not keep:
        return []
    file = display(pkg.root / "datapackage.json")
    resources = []
    # Frictionless' cost is per error it builds (≈ 0.1–0.4 ms each, and its cyclic garbage grows with them), so
    # what is already reported stays out of its sight: blank rows are left out (``numbers`` maps its row
    # positions back to lines) and cells refused by the shared parsers are given to it blank.
    numbers: dict[str, list[int]] = {}
    for n in keep:
        resource, table = pkg.resources[n], pkg.tables[n]
        schema = {key: resource.schema[key] for key in ("fields", "primaryKey", "missingValues") if key in resource.schema}
        # A foreign key into a table that could not be read would only add noise.
        schema["foreignKeys"] = [fk for fk in resource.schema.get("foreignKeys", [])
                                 if fk["reference"].get("resource", "") in keep]
        numbers[n] = [number for number in table.row_numbers if number not in table.blank]
        data = [[("" if (number, f) in table.bad_cells else row[f]) for f in resource.fields]
                for number, row in zip(table.row_numbers, table.rows) if number not in table.blank]
        resources.append({"name": n, "data": [resource.fields] + data, "schema": schema})
    try:
        report = FrictionlessPackage({"resources": resources}).validate(limit_errors=0)  # 0: no limit
    except Exception as exc:  # noqa: BLE001 - FrictionlessException or worse: a descriptor it cannot take, said as such
        return [Problem(file, None, None, None, f"the schemas cannot be checked: {exc}")]
    problems: list[Problem] = []
    for error in report.errors:
        problems.append(Problem(file, None, None, None, f"not a valid data package descriptor: {error.message}"))
    for task in report.tasks:
        table = pkg.tables[task.name]
        types = pkg.resources[task.name].types
        for error in task.errors:
            kind = error.type
            row = getattr(error, "row_number", None)
            if isinstance(row, int) and 2 <= row < len(numbers[task.name]) + 2:
                row = numbers[task.name][row - 2]
            column = getattr(error, "field_name", None)
            value = getattr(error, "cell", None)
            note = getattr(error, "note", "")
            if kind == "primary-key":
                continue  # reported as unique-error on the same row
            if column in table.missing:
                continue  # the missing column was reported once
            if (row, column) in table.bad_cells and kind in {"type-error", "constraint-error"}:
                continue  # reported once by check_cells, with the reason
            if kind == "constraint-error" and note.startswith('constraint "required"'):
                if row in table.shaped:
                    continue
                problems.append(Problem(table.file, row, column, None, "required value is missing"))
            elif kind == "constraint-error":
                m = re.match(r'constraint "(\w+)" is "(.*)"', note)
                constraint, rule = (m.group(1), m.group(2)) if m else ("", note)
                message = {"pattern": f"does not match the pattern {rule}",
                           "enum": f"not one of the allowed values {rule}",
                           "minimum": f"below the minimum {rule}",
                           "maximum": f"above the maximum {rule}"}.get(constraint, note)
                problems.append(Problem(table.file, row, column, value, message))
            elif kind == "type-error":
                problems.append(Problem(table.file, row, column, value, f"not a valid {types.get(column, 'value')}"))
            elif kind == "unique-error":
                first = _first_rows(table, column).get(value) if column in table.fields else None
                problems.append(Problem(table.file, row, column, value,
                                        f"duplicate id: the same as row {first}" if first and first != row else "duplicate id"))
            elif kind == "foreign-key":
                cols = getattr(error, "field_names", None) or [None]
                cells = getattr(error, "field_cells", None) or [None]
                target = re.search(r'lookup table "(\w+)"', note)
                problems.append(Problem(table.file, row, cols[0], cells[0],
                                        f"refers to nothing: no such id in {target.group(1) + '.csv' if target else 'the referenced table'}"))
            elif kind == "blank-row":
                continue  # reported when the file was read
            elif kind in {"missing-cell", "extra-cell", "missing-label", "extra-label", "incorrect-label",
                          "blank-label", "duplicate-label"}:
                continue  # row shape and header were checked when the file was read
            elif row is None and column is None:
                problems.append(Problem(file, None, None, None, f"resource {task.name!r}: {error.message}"))
            else:
                problems.append(Problem(table.file, row, column, value, f"{kind}: {error.message}"))
    return problems


def _first_rows(table: Table, column: str) -> dict[str, int]:
    """The first row holding each value of ``column`` (computed once per table and column)."""
    cache = table.__dict__.setdefault("_first_rows", {})
    if column not in cache:
        first: dict[str, int] = {}
        for number, row in zip(table.row_numbers, table.rows):
            first.setdefault(row[column], number)
        cache[column] = first
    return cache[column]


# --- the code's own contract, and text that is text ---------------------------------------------------

def check_text(pkg: Package) -> list[Problem]:
    """Every text cell of every table: no control characters, noncharacters, bidirectional overrides or
    unbalanced isolates; in Unicode NFC (cells.text_problems)."""
    problems = []
    for name, resource in pkg.resources.items():
        table = pkg.tables.get(name)
        if not table or not table.readable:
            continue
        columns = [c for c in resource.fields if resource.types.get(c, "string") == "string" and c not in table.missing]
        for number, row in zip(table.row_numbers, table.rows):
            for column in columns:
                cell = row[column]
                if cell and not cell.isascii() or any(ch < " " and ch != "\t" or ch == "\x7f" for ch in cell):
                    for message in text_problems(cell):
                        problems.append(Problem(table.file, number, column, cell, message))
                        table.not_text.add((number, column))
    return problems


def check_contract(pkg: Package) -> list[Problem]:
    """What the code relies on (descriptor.RULES, FOREIGN_KEYS, the resources' retiredIds), checked on every
    cell whatever the copy's descriptor declares; required text must be visible."""
    problems: list[Problem] = []
    for name, fields in RULES.items():
        table = pkg.tables.get(name)
        if not table or not table.readable:
            continue
        for column, rule in fields.items():
            if column in table.missing or column not in table.fields:
                continue
            kind = pkg.resources[name].types.get(column, "string")
            pattern = re.compile(rule["pattern"]) if "pattern" in rule else None
            for number, row in zip(table.row_numbers, table.rows):
                cell = row[column]
                if number in table.blank or (number, column) in table.bad_cells:
                    continue
                if cell == "":
                    if rule.get("required") and number not in table.shaped:
                        problems.append(Problem(table.file, number, column, None, "required value is missing"))
                    continue
                if "enum" in rule and cell not in rule["enum"]:
                    problems.append(Problem(table.file, number, column, cell, f"not one of the allowed values {rule['enum']}"))
                if pattern is not None and not pattern.fullmatch(cell):
                    problems.append(Problem(table.file, number, column, cell, f"does not match the pattern {rule['pattern']}"))
                if ("minimum" in rule or "maximum" in rule) and kind in PARSERS:
                    value = parsed(cell, PARSERS[kind])
                    if value is not None and "minimum" in rule and value < rule["minimum"]:
                        problems.append(Problem(table.file, number, column, cell, f"below the minimum {rule['minimum']}"))
                    if value is not None and "maximum" in rule and value > rule["maximum"]:
                        problems.append(Problem(table.file, number, column, cell, f"above the maximum {rule['maximum']}"))
                if rule.get("required") and kind == "string" and not visible(cell):
                    problems.append(Problem(table.file, number, column, cell, "has no visible text (only spaces or "
                                                                           "invisible characters): write the value"))
    for name, column, target, key in FOREIGN_KEYS:
        table, other = pkg.tables.get(name), pkg.tables.get(target)
        if not (table and other and table.has(column) and other.has(key)):
            continue
        known = {row[key] for row in other.rows}
        for number, row in zip(table.row_numbers, table.rows):
            cell = row[column]
            if cell and cell not in known and number not in table.blank:
                problems.append(Problem(table.file, number, column, cell, f"refers to nothing: no such id in {target}.csv"))
    for name, resource in pkg.resources.items():
        table, key = pkg.tables.get(name), PRIMARY_KEYS.get(name)
        if resource.retired and table and key and table.has(key):
            retired = set(resource.retired)
            for number, row in zip(table.row_numbers, table.rows):
                if row[key] in retired:
                    problems.append(Problem(table.file, number, key, row[key],
                                            f"a retired id (datapackage.json, resource {name!r}, retiredIds): ids are "
                                            "never reused; give the row a new id"))
    return problems
