"""Extraction: the facts a careful reader takes from a Russian cluster document, in the
format of ../shared/corpus/SCHEMA.md. Small extractors, one per kind of fact, each on the
clean text of kg.documents; this module puts their findings together."""

from __future__ import annotations

import re
from functools import cache
from importlib.resources import files
from typing import Any

from kg.documents import SourceText
from kg.extraction import events as ev
from kg.extraction import meta
from kg.extraction.agenda import speakers
from kg.extraction.decisions import DECISIONS_HEADER, find_decisions
from kg.extraction.implied import implied_org
from kg.extraction.members import find_members
from kg.extraction.narrative import narrated_events
from kg.extraction.ner import first_name_people
from kg.extraction.orgs import OrgMention, find_orgs, legal_forms
from kg.extraction.people import PersonMention, find_people
from kg.extraction.positions import find_positions
from kg.extraction.sections import find_plan_rows, split_responsible
from kg.rdf.naming import name_key

Facts = dict[str, Any]
MEETING_ROLES = {"председатель", "секретарь"}


def _org_core(name: str) -> str:
    """The part of a name that tells organizations apart: quoted name, legal form removed."""
    quoted = re.search(r"«(.+)»?", name)
    words = name.split()
    while len(words) > 1 and (words[0] in legal_forms() or words[0] in ("ДО", "ДПО")):
        words = words[1:]
    core = quoted.group(1) if quoted else " ".join(words)
    return re.sub(r"[\s«»\"]", "", core.lower().replace("ё", "е"))


@cache
def abbreviations() -> dict[str, str]:
    text = files("kg.extraction").joinpath("data/abbreviations.txt").read_text(encoding="utf-8")
    pairs = (line.split("\t") for line in text.splitlines() if line and line[0] != "#")
    return {short: long for short, long in pairs}


def expand(name: str) -> str:
    """A name with its abbreviations spelled out, compared without case, quotes or spacing."""
    words = re.findall(r"[А-ЯЁа-яё]+|\d+", name.replace("ё", "е"))
    return " ".join(abbreviations().get(w, w) for w in words).lower().replace("ё", "е")


def _acronym(name: str) -> str:
    """Initials of the quoted name's words, as its abbreviation would spell them."""
    quoted = re.search(r"«(.+)»?", name)
    words = re.findall(r"[а-яё]+", (quoted.group(1) if quoted else "").lower())
    return "".join(word[0] for word in words if len(word) > 2)


SAME_CORE = "the same name, legal form and quotes aside"
SPELLED_OUT = "the same name with its abbreviations spelled out"
INITIALS_OF_NAME = "an abbreviation of the quoted name's words"


def _organizations(mentions: list[OrgMention]) -> tuple[list[Facts], dict[str, str], list[Facts]]:
    """One entry per organization; the fullest form is its name, the others its aliases,
    each with the reason it was taken for the same organization."""
    groups: dict[str, list[OrgMention]] = {}
    for m in mentions:
        key = _org_core(m.name) or name_key(m.name)
        groups.setdefault(key, []).append(m)
    why: dict[str, str] = {}
    # "МКОУ СОШ п. Маромица" is "Муниципальное казенное ... п. Маромица"
    spelled: dict[str, str] = {}
    for key, group in list(groups.items()):
        words = expand(group[0].name)
        if words in spelled and spelled[words] in groups and spelled[words] != key:
            why.update((m.name, SPELLED_OUT) for m in group)
            groups[spelled[words]].extend(groups.pop(key))
        else:
            spelled.setdefault(words, key)
    for key in list(groups):  # "КОГПОАУ ОПТ" is "КОГПОАУ «Омутнинский политехнический техникум»"
        expanded = next(
            (
                k
                for k, g in groups.items()
                if k != key and len(key) >= 2 and _acronym(g[0].name) == key
            ),
            None,
        )
        if expanded is not None:
            why.update((m.name, INITIALS_OF_NAME) for m in groups[key])
            groups[expanded].extend(groups.pop(key))
    out, canonical, merges = [], {}, []
    for group in groups.values():
        forms = list(dict.fromkeys(m.name for m in group))
        name = max(forms, key=len)
        for form in forms:
            canonical[form] = name
            if form != name:
                merges.append({"mention": form, "entity": name, "reason": why.get(form, SAME_CORE)})
        place = next((m.place for m in group if m.place), None)
        out.append(
            {
                "name": name,
                "aliases": [f for f in forms if f != name],
                "kind": group[0].kind,
                "place": place,
            }
        )
    return out, canonical, merges


def _people(
    mentions: list[PersonMention],
) -> tuple[list[Facts], dict[tuple[str, str, str], str], list[Facts]]:
    """One entry per person, named in the fullest form; the merges of other mentions."""
    names: dict[tuple[str, str, str], str] = {}
    for m in mentions:
        if m.key not in names or (m.full and "." in names[m.key]):
            names[m.key] = m.name
    merges: dict[tuple[str, str], Facts] = {}
    for m in mentions:
        name = names[m.key]
        if m.written and m.written != name:
            if m.refers_back:
                reason = "first name and patronymic of the person named in full before"
            elif m.name == name:
                reason = "the same name in another case"
            else:
                reason = "same surname and initials"
            merges.setdefault(
                (m.written, name), {"mention": m.written, "entity": name, "reason": reason}
            )
    return [{"name": n, "positions": []} for n in names.values()], names, list(merges.values())


def _hub(
    text: str, cluster: str, mentions: list[OrgMention], canonical: dict[str, str]
) -> str | None:
    """The school named just before "(опорная школа <cluster>)"."""
    at = meta.hubs(text).get(cluster)
    if at is None:
        return None
    before = [o for o in mentions if o.end <= at]
    return canonical.get(before[-1].name) if before else None


def extract(source: SourceText) -> Facts:
    text = source.text
    kind = meta.genre(text)
    date = meta.document_date(text, kind)
    org_mentions = find_orgs(text)
    people_mentions = find_people(text)
    taken = [(m.start, m.end) for m in org_mentions] + [(m.start, m.end) for m in people_mentions]
    people_mentions = sorted(
        [*people_mentions, *first_name_people(text, taken)], key=lambda m: m.start
    )
    organizations, canonical, org_merges = _organizations(org_mentions)
    people, names, person_merges = _people(people_mentions)
    by_name = {p["name"]: p for p in people}
    hubs = [h for h in (_hub(text, name, org_mentions, canonical) for name in meta.hubs(text)) if h]
    for position in find_positions(text, people_mentions, org_mentions):
        entry = by_name[names[position.person.key]]
        title, org = position.title, canonical.get(position.org or "", position.org)
        if org is None and "Координационного Совета" not in title:
            title, org, new = implied_org(position.raw, title, organizations, hubs)
            if new is not None and new["name"] not in canonical:
                organizations.append(new)
                canonical[new["name"]] = new["name"]
        item = {"title": title, "org": org}
        if org is None and title in MEETING_ROLES:
            continue  # "Председатель ____ Т.Г. Шилова" signs for the meeting, not a post
        if item not in entry["positions"] and len(title) <= 90:
            entry["positions"].append(item)
    for entry in people:  # a title without its organization, where one with it exists
        titled = {p["title"] for p in entry["positions"] if p["org"]}
        entry["positions"] = [p for p in entry["positions"] if p["org"] or p["title"] not in titled]

    named = meta.clusters(text)
    members = find_members(text, org_mentions, named)
    clusters: list[Facts] = [
        {
            "name": name,
            "hub": _hub(text, name, org_mentions, canonical),
            "members": list(dict.fromkeys(canonical[m] for m in members.get(name, []))),
        }
        for name in dict.fromkeys([*named, *members])
    ]

    found_events = []
    if kind in ("protocol", "news"):
        listed = ev.organizer_names(text)
        organizers = [
            o["name"]
            for o in organizations
            if listed and any(f in listed for f in [o["name"], *o["aliases"]])
        ]
        found_events.append(ev.meeting(text, date, organizers, list(names.values())))
        header = DECISIONS_HEADER.search(text)
        found_events[-1]["speakers"] = [
            {"person": names[person.key], "topic": topic}
            for person, topic in speakers(text, people_mentions, header.start() if header else None)
        ]
        seen = {(e["kind"], e["start"]) for e in found_events}
        for event in narrated_events(text, date):
            if (event["kind"], event["start"]) not in seen:
                seen.add((event["kind"], event["start"]))
                found_events.append(event)
    period = meta.plan_period(text)
    plan_items = []
    for row in find_plan_rows(text):
        plan_items.append(
            {
                "activity": row.activity,
                "due": row.due,
                "responsible": split_responsible(row.responsible),
            }
        )
        planned = ev.plan_event(row.activity, row.due, period)
        if planned is not None:
            found_events.append(planned)
    decisions = find_decisions(text)
    found_events.extend(ev.planned_in_decisions(decisions))
    if kind == "order":  # staff named in an order without an employer work for its issuer
        issuer = organizations[0]["name"] if organizations else None
        for entry in people:
            for position in entry["positions"]:
                position["org"] = position["org"] or issuer
    return {
        "document": source.name,
        "genre": kind,
        "date": date,
        "clusters": clusters,
        "organizations": organizations,
        "people": people,
        "events": found_events,
        "plan_items": plan_items,
        "decisions": decisions,
        "merges": person_merges + org_merges,
    }
