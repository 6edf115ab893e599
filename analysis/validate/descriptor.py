"""The descriptor (datapackage.json): its shape, and what the code needs from it (the contract)."""
from __future__ import annotations

import json
import stat

from analysis.validate.claims import FIELDS, VERDICTS
from analysis.validate.files import package_path, read_file
from analysis.validate.model import Package, Resource
from analysis.validate.problems import CONTROL, Problem, display, short

# --- what the code needs from a descriptor ---------------------------------------------------------
# The loaders, the checks below and the figures read these resources and columns with these types. A copy
# may add resources or columns, but not drop these or change their types: that is reported, not a crash.

S, I, N, B, D = "string", "integer", "number", "boolean", "date"  # shorthands for the table below
CONTRACT: dict[str, dict[str, str]] = {
    "sources": {"source_id": S, "role": S, "title": S, "title_ar": S, "title_en": S, "publisher": S, "publisher_ar": S,
                "published": S, "language": S, "url": S, "accessed": D, "summary_en": S, "summary_ar": S, "path": S,
                "sha256": S, "bytes": I, "code_points": I},
    "event_types": {"event_type": S, "category": S, "label_en": S, "label_ar": S, "definition": S},
    "cooperation_types": {"cooperation_type": S, "label_en": S, "label_ar": S, "definition": S, "cameo_code": S,
                          "cameo_label": S},
    "agencies": {"agency_id": S, "name_en": S, "name_ar": S, "label_en": S, "label_ar": S, "spellings_ar": S,
                 "country": S, "kind": S, "generic": B, "notes": S, "gender_ar": S},
    "actors": {"actor_id": S, "name_en": S, "name_ar": S, "spellings_ar": S, "kind": S},
    "events": {"event_id": S, "status": S, "date": S, "date_end": S, "date_precision": S, "date_text": S,
               "event_type": S, "location": S, "location_ar": S, "country": S, "latitude": N, "longitude": N,
               "geo_precision": S, "agencies": S, "cooperation_types": S, "flows": S, "actors": S,
               "people_arrested": I, "people_killed": I, "summary_en": S, "summary_ar": S, "notes": S, "notes_ar": S},
    "mentions": {"mention_id": S, "event_id": S, "source_id": S, "char_start": I, "char_end": I, "section": S,
                 "prefix": S, "suffix": S, "quote": S, "gloss_en": S},
    "claims": {"claim_id": S, "event_id": S, "field": S, "article_value": S, "record_value": S, "record_value_ar": S,
               "verdict": S, "sources": S, "note_en": S, "note_ar": S},
}
PRIMARY_KEYS = {"sources": "source_id", "event_types": "event_type", "cooperation_types": "cooperation_type",
                "agencies": "agency_id", "actors": "actor_id", "events": "event_id", "mentions": "mention_id",
                "claims": "claim_id"}

# --- what the code relies on in the cells, whatever a copy's descriptor says ------------------------
# The loaders, figures, findings and pages rely on these values: a category outside incident/cooperation
# would drop events from every count, a verdict outside the list breaks notebook 05, a mention of an event
# that does not exist breaks the article page. A copy's descriptor may add constraints, or drop these from
# its own schema: the validator checks them on every cell itself (schema.check_contract), with the messages
# Frictionless gives for the same rules, so a problem both find is reported once. Required text must also
# hold visible text (not only spaces or zero-width characters). tests/test_corpus.py checks that the
# project's datapackage.json states every rule below.
ID = "[A-Z][A-Z_-]*"
DAY_OR_LESS = "[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?"
DIRECTED = "[a-z_]+(@(MA>US|US>MA|mutual))?"
STATUSES = ("occurred", "scheduled", "ongoing")
PRECISIONS = ("day", "month", "year", "unknown")
GEO_PRECISIONS = ("town", "region", "country", "unknown")
CATEGORIES = ("incident", "cooperation")
AGENCY_KINDS = ("intelligence", "law_enforcement", "judicial_police", "security", "military", "government",
                "diplomatic", "liaison", "multilateral")
R = {"required": True}
RULES: dict[str, dict[str, dict]] = {
    "sources": {"source_id": {**R, "pattern": "[a-z0-9-]+"}, "role": {**R, "enum": ["article", "record"]},
                "title": R, "title_ar": R, "title_en": R, "publisher": R, "publisher_ar": R,
                "published": {**R, "pattern": DAY_OR_LESS}, "language": {**R, "pattern": "[a-z]{2}"},
                "url": {"pattern": "https?://[^\\s]+"}, "sha256": {"pattern": "[0-9a-f]{64}"}, "bytes": {"minimum": 1},
                "code_points": {"minimum": 1}},
    "event_types": {"event_type": {**R, "pattern": "[a-z_]+"}, "category": {**R, "enum": list(CATEGORIES)},
                    "label_en": R, "label_ar": R, "definition": R},
    "cooperation_types": {"cooperation_type": {**R, "pattern": "[a-z_]+"}, "label_en": R, "label_ar": R,
                          "definition": R, "cameo_code": {"pattern": "[0-9]{2,4}"}},
    "agencies": {"agency_id": {**R, "pattern": ID}, "name_en": R, "name_ar": R, "label_en": R, "label_ar": R,
                 "country": {"pattern": "[A-Z]{2}"}, "kind": {**R, "enum": list(AGENCY_KINDS)}, "generic": R,
                 "gender_ar": {"enum": ["m", "f"]}},
    "actors": {"actor_id": {**R, "pattern": ID}, "name_en": R, "name_ar": R, "spellings_ar": R,
               "kind": {**R, "enum": ["armed_group", "criminal_network"]}},
    "events": {"event_id": {**R, "pattern": "E[0-9]{2,}"}, "status": {**R, "enum": list(STATUSES)},
               "date": {"pattern": DAY_OR_LESS}, "date_end": {"pattern": DAY_OR_LESS + "|\\.\\."},
               "date_precision": {**R, "enum": list(PRECISIONS)}, "event_type": R, "country": {"pattern": "[A-Z]{2}"},
               "latitude": {"minimum": -90, "maximum": 90}, "longitude": {"minimum": -180, "maximum": 180},
               "geo_precision": {**R, "enum": list(GEO_PRECISIONS)}, "agencies": {"pattern": f"{ID}(;{ID})*"},
               "cooperation_types": {"pattern": f"{DIRECTED}(;{DIRECTED})*"},
               "flows": {"pattern": f"{ID}>{ID}(;{ID}>{ID})*"}, "actors": {"pattern": f"{ID}(;{ID})*"},
               "people_arrested": {"minimum": 0}, "people_killed": {"minimum": 0}, "summary_en": R, "summary_ar": R},
    "mentions": {"mention_id": {**R, "pattern": "M[0-9]{2,}"}, "event_id": R, "source_id": R,
                 "char_start": {**R, "minimum": 0}, "char_end": {**R, "minimum": 1},
                 "section": {**R, "enum": ["headline", "caption", "body", "pull_quote"]}, "quote": R},
    "claims": {"claim_id": {**R, "pattern": "C[0-9]{2,}"}, "event_id": R, "field": {**R, "enum": list(FIELDS)},
               "verdict": {**R, "enum": list(VERDICTS)}, "note_en": R, "note_ar": R},
}
FOREIGN_KEYS = [("events", "event_type", "event_types", "event_type"), ("mentions", "event_id", "events", "event_id"),
                ("mentions", "source_id", "sources", "source_id"), ("claims", "event_id", "events", "event_id")]


# --- the descriptor --------------------------------------------------------------------------------

def read_descriptor(pkg: Package) -> dict[str, Resource] | None:
    """Read datapackage.json and check the shape of what the code relies on; problems go to ``pkg``.

    By hand, because Frictionless raises (or, for a schema or path given as a URL, downloads) on these
    shapes instead of reporting them; everything it can check on a well-shaped descriptor it checks.
    Returns the usable resources, or None when the descriptor cannot be used at all.
    """
    root, path = pkg.root, pkg.root / "datapackage.json"
    file = display(path)

    def problem(message: str, value: object = None) -> None:
        pkg.problems.append(Problem(file, None, None, None if value is None else short(str(value), 80), message))

    try:
        mode = root.stat().st_mode
        outside = path.is_symlink() and not path.resolve().is_relative_to(root.resolve())
    except FileNotFoundError:
        pkg.problems.append(Problem(display(root), None, None, None, "folder not found: not a data package folder"))
        return None
    except PermissionError:
        pkg.problems.append(Problem(display(root), None, None, None, "cannot be read: permission denied"))
        return None
    except (OSError, ValueError, RuntimeError) as exc:  # permission denied on a parent, a symlink loop …
        pkg.problems.append(Problem(display(root), None, None, None, f"cannot be read: {getattr(exc, 'strerror', None) or exc}"))
        return None
    if not stat.S_ISDIR(mode):
        pkg.problems.append(Problem(display(root), None, None, None, "is a file, not a data package folder"))
        return None
    if outside:
        problem("leads outside the data package folder (a symbolic link): not read")
        return None
    raw, problems = read_file(path, file)
    if raw is None:
        if problems[0].message == "file not found":
            problems = [Problem(file, None, None, None, "file not found: not a data package folder")]
        pkg.problems += problems
        return None
    try:
        descriptor = json.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        problem(f"not a valid data package descriptor: not UTF-8 (invalid byte at offset {exc.start})")
        return None
    except json.JSONDecodeError as exc:
        problem(f"not a valid data package descriptor: malformed JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}")
        return None
    except RecursionError:
        problem("not a valid data package descriptor: JSON nested too deeply to read")
        return None
    if not isinstance(descriptor, dict):
        problem("not a valid data package descriptor: must be a JSON object {…}")
        return None
    pkg.descriptor = descriptor
    resources = descriptor.get("resources")
    if not isinstance(resources, list) or not resources:
        problem("not a valid data package descriptor: 'resources' must be a non-empty list", resources)
        return None
    usable: dict[str, Resource] = {}
    names: set[str] = set()
    for index, resource in enumerate(resources):
        if not isinstance(resource, dict) or not isinstance(resource.get("name"), str) or not resource["name"]:
            problem(f"resource {index + 1}: must be an object with a 'name'", resource if not isinstance(resource, dict) else None)
            continue
        name = resource["name"]
        if name in names:
            problem(f"resource {name!r}: the name is used twice")
            continue
        names.add(name)
        usable_path, why = package_path(root, resource.get("path"))
        if usable_path is None:
            problem(f"resource {name!r}: 'path' {why}", resource.get("path"))
        schema = resource.get("schema")
        if not isinstance(schema, dict):
            problem(f"resource {name!r}: 'schema' must be written out in datapackage.json as an object "
                    "(a schema path or URL is not followed)" if schema is not None else f"resource {name!r}: no 'schema'",
                    schema)
            continue
        fields = schema.get("fields")
        if not isinstance(fields, list) or not fields:
            problem(f"resource {name!r}: schema 'fields' must be a non-empty list", fields)
            continue
        field_names: list[str] = []
        types: dict[str, str] = {}
        for position, spec in enumerate(fields, start=1):
            if not isinstance(spec, dict) or not isinstance(spec.get("name"), str) or not spec["name"]:
                problem(f"resource {name!r}: field {position} must be an object with a 'name'")
            elif CONTROL.search(spec["name"]):
                problem(f"resource {name!r}: field {position} has a name with control characters or unpaired surrogates",
                        spec["name"])
            elif spec["name"] in types:
                problem(f"resource {name!r}: field {spec['name']!r} is declared twice")
            elif not isinstance(spec.get("type", "string"), str):
                problem(f"resource {name!r}: field {spec['name']!r}: 'type' must be a string", spec.get("type"))
            else:
                field_names.append(spec["name"])
                types[spec["name"]] = spec.get("type", "string")
        if len(field_names) != len(fields):
            continue
        retired = resource.get("retiredIds", [])
        if not isinstance(retired, list) or not all(isinstance(i, str) for i in retired):
            problem(f"resource {name!r}: 'retiredIds' must be a list of ids (ids once used, never to be used again)",
                    retired)
            retired = []
        for key in ("primaryKey", "foreignKeys", "missingValues"):
            if key in schema and not _well_formed(key, schema[key]):
                problem(f"resource {name!r}: schema {key!r} is not well formed", schema[key])
                break
        else:
            if usable_path is not None:
                usable[name] = Resource(name, usable_path, schema, field_names, types, tuple(retired))
    for name, columns in CONTRACT.items():
        if name not in names:
            problem(f"resource {name!r} is missing: the loaders need it")
            continue
        if name not in usable:
            continue
        resource = usable[name]
        for column, wanted in columns.items():
            if column not in resource.types:
                problem(f"resource {name!r}: field {column!r} is missing from the schema: the loaders need it")
            elif resource.types[column] != wanted:
                problem(f"resource {name!r}: field {column!r} must have type {wanted!r}, not {resource.types[column]!r}")
        key = resource.schema.get("primaryKey")
        if key not in (PRIMARY_KEYS[name], [PRIMARY_KEYS[name]]):
            problem(f"resource {name!r}: the primary key must be {PRIMARY_KEYS[name]!r}", key)
    return usable


def _well_formed(key: str, value: object) -> bool:
    """The shapes of primaryKey, foreignKeys and missingValues that Frictionless reads without raising."""
    names = lambda v: isinstance(v, str) or (isinstance(v, list) and all(isinstance(x, str) for x in v))  # noqa: E731
    if key == "primaryKey":
        return names(value)
    if key == "missingValues":
        return isinstance(value, list) and all(isinstance(x, str) for x in value)
    return isinstance(value, list) and all(
        isinstance(fk, dict) and names(fk.get("fields")) and isinstance(fk.get("reference"), dict)
        and isinstance(fk["reference"].get("resource", ""), str) and names(fk["reference"].get("fields"))
        for fk in value)
