"""Organizations a title implies when the text names none: "директор школы" is the
document's school, "специалист РУО" its РУО, "начальник управления образования
администрации ... округа" that department, "заместитель начальника ФКУ" the ФКУ."""

from __future__ import annotations

import re
from typing import Any

from kg.extraction.morph import phrase_to_nominative
from kg.extraction.orgs import legal_forms

SCHOOL = re.compile(r"\b(?:опорной\s+)?школы\s*$", re.I)
KIND_NOUNS = {
    "техникума": "college",
    "колледжа": "college",
    "училища": "college",
    "лицея": "school",
    "гимназии": "school",
    "музея": "museum",
    "библиотеки": "library",
}
KIND_NOUN = re.compile(rf"\s({'|'.join(KIND_NOUNS)})$", re.I)
UNIT = re.compile(r"\b(РУО|ИМЦ|ЦЗН)\b")
DEPARTMENT = re.compile(
    r"^(?P<title>\w+\s+(?P<head>управления|отдела|министерства|департамента)"
    r"(?:\s+образования)?)(?P<rest>(?:\s+\S+)*)$",
    re.I,
)


def implied_org(
    raw: str, title: str, organizations: list[dict[str, Any]], hubs: list[str]
) -> tuple[str, str | None, dict[str, Any] | None]:
    """(title, organization, a new organization to add or None) for a position without one."""
    if SCHOOL.search(raw):
        schools = [o["name"] for o in organizations if o["kind"] == "school"]
        return title, (hubs or schools or [None])[0], None
    if (kind := KIND_NOUN.search(title)) is not None:  # "директор техникума": its only college
        of_kind = [o["name"] for o in organizations if o["kind"] == KIND_NOUNS[kind[1].lower()]]
        if len(of_kind) == 1:
            return title[: kind.start()].strip(), of_kind[0], None
    if (unit := UNIT.search(title)) is not None:
        named = [o["name"] for o in organizations if unit.group(1) in o["name"].split()]
        if named:
            return title, named[0], None
    last = title.split()[-1] if title.split() else ""
    if last in legal_forms():
        return (
            title.removesuffix(last).strip(),
            last,
            {"name": last, "aliases": [], "kind": "other", "place": None},
        )
    if (m := DEPARTMENT.match(title)) and m["rest"].strip():
        words = title.split()
        at = words.index(m["head"])
        name = " ".join([*phrase_to_nominative(words[at : at + 1]), *words[at + 1 :]])
        name = name[:1].upper() + name[1:]
        existing = next((o["name"] for o in organizations if o["name"] == name), None)
        return (
            m["title"],
            name,
            None
            if existing
            else {"name": name, "aliases": [], "kind": "government", "place": None},
        )
    return title, None, None
