"""Extracted facts as records in the format of data/, for a coordinator to review."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from kg.extraction.quotes import Quoter
from kg.rdf.naming import name_key, slug

Facts = dict[str, Any]


def _clean(entry: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in entry.items() if v not in (None, [], "")}


def document_title(text: str, fallback: str) -> str:
    """A document's first line of text, for its label."""
    return next((line.strip(" *") for line in text.splitlines() if line.strip(" *")), fallback)[
        :200
    ]


def facts_to_records(facts: Facts, title: str, doc_id: str, text: str = "") -> dict[str, Any]:
    """`doc_id` is the document's key (kg.rdf.naming.document_key); each fact quotes the
    sentence of `text` that states it."""
    quote = Quoter(text)
    places = sorted(
        {slug(o["place"]): o["place"] for o in facts["organizations"] if o.get("place")}.values()
    )
    people = {p["name"] for p in facts["people"]}
    events = []
    for n, event in enumerate(facts["events"], start=1):
        events.append(
            _clean(
                {
                    "id": f"{doc_id}-event-{n}",
                    "kind": event["kind"],
                    "title": event.get("title"),
                    "start": event.get("start"),
                    "end": event.get("end"),
                    "organizers": event.get("organizers", []),
                    "participants": [
                        p
                        for p in event.get("participants", [])
                        if p in people and p not in {s["person"] for s in event.get("speakers", [])}
                    ],
                    "speakers": [
                        _clean({**s, "quote": quote(s.get("topic") or s["person"])})
                        for s in event.get("speakers", [])
                        if s["person"] in people
                    ],
                    "quote": quote(event.get("title")),
                }
            )
        )
    if facts["decisions"]:
        if events and events[0]["kind"] == "meeting":
            events[0]["decisions"] = facts["decisions"]
        else:
            events.insert(
                0,
                _clean(
                    {
                        "kind": "other",
                        "title": f"Решения: {title}",
                        "start": facts.get("date"),
                        "decisions": facts["decisions"],
                    }
                ),
            )
    records: dict[str, Any] = {
        "documents": [
            _clean(
                {
                    "id": doc_id,
                    "title": title,
                    "genre": facts["genre"],
                    "date": facts.get("date"),
                    "file": facts["document"],
                }
            )
        ],
        "places": [{"name": p} for p in places],
        "clusters": [
            _clean(
                {
                    "name": c["name"],
                    "hub": c.get("hub"),
                    "members": c["members"],
                    "quote": quote(c["name"]),
                }
            )
            for c in facts["clusters"]
        ],
        "organizations": [_clean({**o, "quote": quote(o["name"])}) for o in facts["organizations"]],
        "people": [
            _clean(
                {
                    "name": p["name"],
                    "positions": unique_positions(
                        _clean({**position, "quote": quote(p["name"])})
                        for position in p["positions"]
                    ),
                    "quote": quote(p["name"]),
                }
            )
            for p in facts["people"]
        ],
        "events": events,
    }
    if facts["plan_items"]:
        records["plans"] = [
            {
                "title": title,
                "items": [
                    _clean(
                        {
                            "activity": i["activity"],
                            "due": i.get("due"),
                            "responsible": i.get("responsible", []),
                            "quote": quote(i["activity"]),
                        }
                    )
                    for i in facts["plan_items"]
                ],
            }
        ]
    return {k: v for k, v in records.items() if v}


def unique_positions(positions: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """One position per title and organization, whatever their case and quotes: a title
    written twice would be one post with two titles."""
    seen: dict[tuple[str, str], dict[str, Any]] = {}
    for position in positions:
        key = (name_key(position.get("title", "")), name_key(position.get("org", "")))
        seen.setdefault(key, position)
    return list(seen.values())
