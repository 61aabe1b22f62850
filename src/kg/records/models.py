"""The record format: what a coordinator writes in data/*.yaml, validated.

References between records are names (or aliases, or ids) and are resolved
later, in `kg.resolve`, where every file of a build is known.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, StringConstraints

Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
Slug = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9-]*$", max_length=120)]
Quote = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=600)]
"""The words of the source document that state the fact (kg:quote)."""

_PARTIAL_DATE = re.compile(r"^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$")


def _check_partial_date(value: object) -> object:
    if not isinstance(value, str | dt.date):
        return value  # the str validator reports it
    text = value.isoformat() if isinstance(value, dt.date) else value.strip()
    if not _PARTIAL_DATE.match(text):
        raise ValueError("expected a date as YYYY-MM-DD, YYYY-MM or YYYY")
    if len(text) == 10:
        dt.date.fromisoformat(text)  # rejects 2025-02-30
    return text


PartialDate = Annotated[str, BeforeValidator(_check_partial_date)]
"""A date known to the day, the month or the year, kept at that precision."""

OrgKind = Literal[
    "school",
    "college",
    "supplementary",
    "culture",
    "library",
    "museum",
    "business",
    "bank",
    "government",
    "methodological",
    "university",
    "public",
    "other",
]
EventKind = Literal[
    "meeting",
    "seminar",
    "conference",
    "round_table",
    "workshop",
    "visit",
    "competition",
    "olympiad",
    "excursion",
    "forum",
    "camp",
    "survey",
    "monitoring",
    "other",
]
PartnershipKind = Literal[
    "social_partnership",
    "network_interaction",
    "dual_education",
    "agreement",
    "joint_project",
    "career_guidance",
    "methodological_support",
    "supervision",
]
SettlementKind = Literal["city", "urban_settlement", "settlement", "selo", "village"]
Genre = Literal["protocol", "news", "plan", "order"]


class Record(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, coerce_numbers_to_str=True)


class Document(Record):
    id: Slug
    title: Text
    genre: Genre
    date: dt.date | None = None
    number: Text | None = None
    file: Text | None = None
    url: Text | None = None


class Place(Record):
    name: Text
    kind: SettlementKind | None = None
    district: Text | None = None
    region: Text | None = None


class Organization(Record):
    id: Slug | None = None
    name: Text
    full_name: Text | None = None
    aliases: list[Text] = []
    kind: OrgKind
    place: Text | None = None
    source: Slug | None = None
    quote: Quote | None = None


class Position(Record):
    title: Text
    org: Text | None = None
    start: PartialDate | None = None
    end: PartialDate | None = None
    source: Slug | None = None
    quote: Quote | None = None


class Person(Record):
    id: Slug | None = None
    name: Text
    aliases: list[Text] = []
    positions: list[Position] = []
    source: Slug | None = None
    quote: Quote | None = None


class Council(Record):
    name: Text
    chair: Text | None = None
    members: list[Text] = []
    curator: Text | None = None


class Cluster(Record):
    id: Slug | None = None
    name: Text
    aliases: list[Text] = []
    hub: Text | None = None
    members: list[Text] = []
    council: Council | None = None
    place: Text | None = None
    source: Slug | None = None
    quote: Quote | None = None


class Partnership(Record):
    partners: list[Text] = Field(min_length=2)
    kind: PartnershipKind
    since: PartialDate | None = None
    evidence: list[Text] = []
    description: Text | None = None
    source: Slug | None = None
    quote: Quote | None = None


class Speaker(Record):
    person: Text
    topic: Text | None = None
    quote: Quote | None = None


class Event(Record):
    id: Slug | None = None
    kind: EventKind
    title: Text | None = None
    start: PartialDate | None = None
    end: PartialDate | None = None
    place: Text | None = None
    venue: Text | None = None
    cluster: Text | None = None
    part_of: Text | None = None
    organizers: list[Text] = []
    participants: list[Text] = []
    speakers: list[Speaker] = []
    decisions: list[Text] = []
    source: Slug | None = None
    quote: Quote | None = None


class Project(Record):
    id: Slug | None = None
    name: Text
    kind: Literal["project", "specialised_class", "programme"] = "project"
    direction: Text | None = None
    cluster: Text | None = None
    members: list[Text] = []
    partners: list[Text] = []
    source: Slug | None = None
    quote: Quote | None = None


class PlanItem(Record):
    number: Text | None = None
    section: Text | None = None
    activity: Text
    result: Text | None = None
    due: Text | None = None
    due_from: dt.date | None = None
    due_by: dt.date | None = None
    responsible: list[Text] = []
    event: Text | None = None
    quote: Quote | None = None


class Plan(Record):
    id: Slug | None = None
    title: Text
    kind: Literal["plan", "roadmap"] = "plan"
    cluster: Text | None = None
    period_start: dt.date | None = None
    period_end: dt.date | None = None
    approved_by: Text | None = None
    items: list[PlanItem] = []
    source: Slug | None = None


class RecordFile(Record):
    """One file of records, usually one cluster and what its documents state."""

    documents: list[Document] = []
    places: list[Place] = []
    clusters: list[Cluster] = []
    organizations: list[Organization] = []
    people: list[Person] = []
    partnerships: list[Partnership] = []
    events: list[Event] = []
    projects: list[Project] = []
    plans: list[Plan] = []
