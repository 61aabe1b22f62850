"""Extraction: the facts a careful reader takes from a Russian cluster document, in the
format of ../shared/corpus/SCHEMA.md. Small extractors, one per kind of fact, each on the
clean text of kg.documents; this module puts their findings together."""

from __future__ import annotations

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
from kg.extraction.org_entries import organizations as _organizations
from kg.extraction.orgs import OrgMention, find_orgs
from kg.extraction.people import PersonMention, find_people
from kg.extraction.positions import add_position, find_positions, named_org, orgless_twins
from kg.extraction.sections import find_plan_rows, split_responsible

Facts = dict[str, Any]
MEETING_ROLES = {"председатель", "секретарь"}


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
        if org is None and position.named is not None:  # "начальник управления образования"
            org = named_org(position.named, organizations, canonical)
        if org is None and "Координационного Совета" not in title:
            title, org, new = implied_org(position.raw, title, organizations, hubs)
            if new is not None and new["name"] not in canonical:
                organizations.append(new)
                canonical[new["name"]] = new["name"]
        item = {"title": title, "org": org}
        if org is None and title in MEETING_ROLES:
            continue  # "Председатель ____ Т.Г. Шилова" signs for the meeting, not a post
        if len(title) <= 90:
            add_position(entry["positions"], item)
    for entry in people:  # a title without its organization, where one with it exists
        entry["positions"] = orgless_twins(entry["positions"])

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
        main = ev.meeting(text, date, organizers, list(names.values()))
        found_events = narrated_events(
            text,
            date,
            people=[(m.start, names[m.key]) for m in people_mentions],
            orgs=[(m.start, m.end, canonical.get(m.name, m.name)) for m in org_mentions],
            main=main if kind == "protocol" else None,
        )
        header = DECISIONS_HEADER.search(text)
        if found_events:
            found_events[0]["speakers"] = [
                {"person": names[person.key], "topic": topic}
                for person, topic in speakers(
                    text, people_mentions, header.start() if header else None
                )
            ]
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
    decisions = find_decisions(text, kind)
    found_events = ev.distinct([*found_events, *ev.planned_in_decisions(decisions)])
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
