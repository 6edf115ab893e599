"""A small, hand-countable data package for the aggregation and chart tests.

Five events over a six-sentence article: one told twice (E91), one with two agencies (E91), one dated
only to the year (E92), one undated (E93), one open-ended since 2001 (E94), one one-off dialogue (E95);
two record sources and eight claims: one date contradicted (E91, 366 days), two confirmed (E92, E95),
agencies partly (E91), a place and a statement confirmed, one count not stated, one claim unverified.
It uses the project's real ``datapackage.json`` schema, so it must pass the real validator.
"""
from __future__ import annotations

import csv
import hashlib
import json
import shutil
from pathlib import Path

from analysis.paths import DATA

TEXT = "\n".join([
    "خبر تجريبي",
    "",
    "في 26 مارس/آذار الماضي، مكّنت معلومات قدمتها المديرية العامة لمراقبة التراب الوطني إلى مكتب التحقيقات الفيدرالي من اعتقال 4 متشددين في وجدة مرتبطين بتنظيم داعش.",
    "وقُتل شخصان في هجوم عام 2018.",
    "وأحبط الأمن المغربي مخططاً <script>alert(1)</script> لم يحدد تاريخه.",
    "ومنذ ذلك الحين، عقب 11 سبتمبر 2001، تُرسل بعثات أمنية مغربية للتدرب لدى مسؤولين أمنيين أميركيين.",
    "وفي 8 مارس الماضي عقد الحوار الاستراتيجي بين الرباط وواشنطن.",
    "وتكرر الخبر: اعتقال 4 متشددين في وجدة.",
    "",
])

AGENCIES = [
    ["DGST", "DGST", "المديرية العامة لمراقبة التراب الوطني", "DGST", "المديرية العامة لمراقبة التراب الوطني", "المديرية العامة لمراقبة التراب الوطني", "MA", "intelligence", "false", "", ""],
    ["FBI", "FBI", "مكتب التحقيقات الفيدرالي", "FBI", "مكتب التحقيقات الفيدرالي", "مكتب التحقيقات الفيدرالي", "US", "law_enforcement", "false", "", ""],
    ["MA_SECURITY", "Moroccan security", "الأمن المغربي", "Moroccan security", "الأمن المغربي", "الأمن المغربي;بعثات أمنية مغربية", "MA", "security", "true", "", "m"],
    ["US_SECURITY", "US security", "مسؤولين أمنيين أميركيين", "US security", "الأمن الأميركي", "مسؤولين أمنيين أميركيين", "US", "security", "true", "", "m"],
    ["MA_GOV", "Morocco", "الرباط", "Moroccan government", "الحكومة المغربية", "الرباط", "MA", "government", "false", "", ""],
    ["US_GOV", "United States", "واشنطن", "US government", "الحكومة الأميركية", "واشنطن", "US", "government", "false", "", ""],
]
ACTORS = [["ISIS", "Islamic State", "تنظيم داعش", "داعش", "armed_group"]]

EVENTS_HEADER = ["event_id", "status", "date", "date_end", "date_precision", "date_text", "event_type", "location", "location_ar",
                 "country", "latitude", "longitude", "geo_precision", "agencies", "cooperation_types", "flows", "actors",
                 "people_arrested", "people_killed", "summary_en", "summary_ar", "notes", "notes_ar"]
EVENTS = [
    ["E91", "occurred", "2022-03-26", "", "day", "26 مارس/آذار الماضي", "arrest", "Oujda", "وجدة", "MA", "34.6814", "-1.9086", "town",
     "DGST;FBI", "intel_sharing@MA>US", "DGST>FBI", "ISIS", "4", "", "Four arrested in Oujda.", "اعتقال أربعة في وجدة.", "Told twice.", "رُوي مرتين."],
    ["E92", "occurred", "2018", "", "year", "عام 2018", "attack", "", "", "MA", "", "", "country",
     "", "", "", "", "", "2", "Two killed in an attack.", "مقتل شخصين في هجوم.", "Year only.", "السنة وحدها."],
    ["E93", "occurred", "", "", "unknown", "", "foiled_plot", "", "", "", "", "", "unknown",
     "MA_SECURITY", "unspecified", "", "", "", "", "A plot foiled <script>alert(1)</script>.", "إحباط مخطط.", "Undated.", "بلا تاريخ."],
    ["E94", "ongoing", "2001", "..", "year", "عقب 11 سبتمبر 2001", "training", "", "", "", "", "", "unknown",
     "MA_SECURITY;US_SECURITY", "training@US>MA", "US_SECURITY>MA_SECURITY", "", "", "", "Training since 2001.", "تدريب منذ 2001.", "Open-ended.", "مفتوح."],
    ["E95", "occurred", "2022-03-08", "", "day", "8 مارس الماضي", "dialogue", "Rabat", "الرباط", "MA", "34.0209", "-6.8416", "town",
     "MA_GOV;US_GOV", "dialogue@mutual;endorsement@US>MA", "", "", "", "", "Strategic dialogue.", "حوار استراتيجي.", "One event.", "حدث واحد."],
]
RECORDS = [  # record sources: cited, never stored
    {"source_id": "rec-a", "role": "record", "title": "Record A", "title_ar": "سجل أ", "title_en": "Record A", "publisher": "Agency A",
     "publisher_ar": "الوكالة أ", "published": "2021-03-26", "language": "en", "url": "https://example.org/a", "accessed": "2026-11-29",
     "summary_en": "Dates the Oujda arrest to 25 March 2021.", "summary_ar": "يؤرخ اعتقال وجدة بيوم 25 مارس 2021."},
    {"source_id": "rec-b", "role": "record", "title": "Record B", "title_ar": "سجل ب", "title_en": "Record B", "publisher": "Agency B",
     "publisher_ar": "الوكالة ب", "published": "2019-01-02", "language": "fr", "url": "https://example.org/b", "accessed": "2026-11-29",
     "summary_en": "Dates the attack to 16–17 December 2018.", "summary_ar": "يؤرخ الهجوم بيومي 16 و17 ديسمبر 2018."},
]
CLAIMS = [  # claim_id, event_id, field, article_value, record_value, record_value_ar, verdict, sources, note_en, note_ar, searched
    ["C01", "E91", "date", "2022-03-26", "2021-03-25", "", "contradicted", "rec-a", "A year and a day off.", "بفارق سنة ويوم.", ""],
    ["C02", "E91", "place", "Oujda", "Oujda", "وجدة", "confirmed", "rec-a", "Same town.", "المدينة نفسها.", ""],
    ["C03", "E91", "agencies", "DGST;FBI", "DGST;FBI;MA_SECURITY", "", "partly", "rec-a", "Adds a body.", "يضيف جهة.", ""],
    ["C04", "E92", "date", "2018", "2018-12-16/2018-12-17", "", "confirmed", "rec-b", "Inside the year.", "ضمن السنة.", ""],
    ["C05", "E92", "people_arrested", "", "4", "", "not_stated", "rec-b", "Four arrested.", "اعتقال أربعة.", ""],
    ["C06", "E93", "occurred", "occurred", "", "", "unverified", "", "Searched for the plot; nothing found.", "بُحث عن المخطط فلم يُعثر على شيء.", "en;fr;ar;official;press"],
    ["C07", "E95", "date", "2022-03-08", "2022-03-08", "", "confirmed", "rec-a", "Same day.", "اليوم نفسه.", ""],
    ["C08", "E91", "other", "اعتقال 4 متشددين في وجدة", "four arrested", "اعتقال أربعة", "confirmed", "rec-a;rec-b", "Both agree.", "يتفقان.", ""],
]

MENTIONS = [  # event, quote, section, our English gloss
    ("E91", "مكّنت معلومات قدمتها المديرية العامة لمراقبة التراب الوطني إلى مكتب التحقيقات الفيدرالي من اعتقال 4 متشددين في وجدة", "body",
     "Information the DGST gave the FBI led to the arrest of 4 militants in Oujda."),
    ("E92", "وقُتل شخصان في هجوم عام 2018", "body", "Two people were killed in an attack in 2018."),
    ("E93", "وأحبط الأمن المغربي مخططاً", "body", "Moroccan security foiled a plot."),
    ("E94", "تُرسل بعثات أمنية مغربية للتدرب لدى مسؤولين أمنيين أميركيين", "body",
     "Moroccan security missions are sent to train with US security officials."),
    ("E95", "عقد الحوار الاستراتيجي بين الرباط وواشنطن", "body", "The strategic dialogue between Rabat and Washington was held."),
    ("E91", "اعتقال 4 متشددين في وجدة.", "body", "The arrest of 4 militants in Oujda."),
]


def _write(path: Path, rows: list[list[str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f, lineterminator="\n").writerows(rows)


def build(folder: Path) -> Path:
    """Write the mini package into ``folder`` and return it."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "raw").mkdir(exist_ok=True)
    raw = TEXT.encode("utf-8")
    (folder / "raw" / "mini.txt").write_bytes(raw)
    shutil.copy(DATA / "datapackage.json", folder / "datapackage.json")
    for name in ("event_types.csv", "cooperation_types.csv"):
        shutil.copy(DATA / name, folder / name)
    fields = {r["name"]: [f["name"] for f in r["schema"]["fields"]]
              for r in json.loads((DATA / "datapackage.json").read_text(encoding="utf-8"))["resources"]}
    article = {"source_id": "mini", "role": "article", "title": "خبر تجريبي", "title_ar": "خبر تجريبي", "title_en": "Test item",
               "publisher": "Test", "publisher_ar": "اختبار", "published": "2022-05-08", "language": "ar",
               "path": "raw/mini.txt", "sha256": hashlib.sha256(raw).hexdigest(), "bytes": str(len(raw)), "code_points": str(len(TEXT))}
    _write(folder / "sources.csv", [fields["sources"], *([row.get(f, "") for f in fields["sources"]] for row in (article, *RECORDS))])
    _write(folder / "claims.csv", [fields["claims"], *CLAIMS])
    _write(folder / "agencies.csv", [fields["agencies"], *AGENCIES])
    _write(folder / "actors.csv", [fields["actors"], *ACTORS])
    _write(folder / "events.csv", [EVENTS_HEADER, *EVENTS])
    rows = [fields["mentions"]]
    ordered = sorted(MENTIONS, key=lambda m: TEXT.index(m[1]))
    for i, (event, quote, section, gloss) in enumerate(ordered, start=1):
        start = TEXT.index(quote)
        rows.append([f"M{i:02d}", event, "mini", str(start), str(start + len(quote)), section, "", "", quote, gloss])
    _write(folder / "mentions.csv", rows)
    return folder
