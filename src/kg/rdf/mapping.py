"""Records to RDF: one named graph per record file, every entity labelled and sourced."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from pyoxigraph import Literal, NamedNode, Quad
from rdflib import URIRef

from kg.rdf.namespaces import FOAF, KG, RDF, RDFS, SCHEMA, TIME
from kg.rdf.naming import mint
from kg.rdf.resolve import Index, event_ident
from kg.rdf.terms import date, integer, node, plain, ru
from kg.records import models as rec
from kg.records.base import LoadedFile, Loc
from kg.records.dates import parse_due

ORG_CLASS = {
    "school": KG.School,
    "college": KG.College,
    "supplementary": KG.SupplementaryEducation,
    "culture": KG.CultureOrganization,
    "library": KG.Library,
    "museum": KG.Museum,
    "business": KG.Business,
    "bank": KG.Bank,
    "government": KG.GovernmentBody,
    "methodological": KG.MethodologicalCentre,
    "university": KG.University,
    "public": KG.PublicAssociation,
    "other": KG.Organization,
}
EVENT_CLASS = {
    "meeting": KG.Meeting,
    "seminar": KG.Seminar,
    "conference": KG.Conference,
    "round_table": KG.RoundTable,
    "workshop": KG.Workshop,
    "visit": KG.Visit,
    "competition": KG.Competition,
    "olympiad": KG.Olympiad,
    "excursion": KG.Excursion,
    "forum": KG.Forum,
    "camp": KG.Camp,
    "survey": KG.Survey,
    "monitoring": KG.Monitoring,
    "other": KG.Event,
}
EVENT_LABEL_RU = {
    "meeting": "Заседание",
    "seminar": "Семинар",
    "conference": "Конференция",
    "round_table": "Круглый стол",
    "workshop": "Мастерская",
    "visit": "Визит",
    "competition": "Конкурс",
    "olympiad": "Олимпиада",
    "excursion": "Экскурсия",
    "forum": "Форум",
    "camp": "Профильная смена",
    "survey": "Опрос",
    "monitoring": "Мониторинг",
    "other": "Мероприятие",
}
GENRE_CLASS = {
    "protocol": KG.Protocol,
    "news": KG.NewsReport,
    "plan": KG.PlanDocument,
    "order": KG.Order,
}
PARTNERSHIP_KIND = {
    "social_partnership": KG.socialPartnership,
    "network_interaction": KG.networkInteraction,
    "dual_education": KG.dualEducation,
    "agreement": KG.agreement,
    "joint_project": KG.jointProject,
    "career_guidance": KG.careerGuidance,
    "methodological_support": KG.methodologicalSupport,
    "supervision": KG.supervision,
}
SETTLEMENT_KIND = {
    "city": KG.city,
    "urban_settlement": KG.urbanSettlement,
    "settlement": KG.settlement,
    "selo": KG.selo,
    "village": KG.village,
}
COUNCIL_TITLES = {
    "chair": "председатель Координационного Совета",
    "member": "член Координационного Совета",
    "curator": "куратор образовательного кластера",
}
COUNCIL_ROLES = {"chair": KG.chair, "member": KG.councilMember, "curator": KG.curator}

RESPONSIBLE = ("person", "org", "council")
"""What a plan item's responsible party may name; anything else is kept as text."""
A = node(str(RDF.type))
LABEL = node(str(RDFS.label))
DESCRIBED = {KG.Position, KG.Partnership, KG.AgendaItem, KG.Decision, KG.PlanItem}
"""Classes whose label describes a fact ("директор — школа") rather than names a thing:
they get no schema:name."""


def _n(term: object) -> NamedNode:
    return node(str(term))


class FileMapper:
    """Maps one file's records into quads of its own named graph."""

    def __init__(self, file: LoadedFile, index: Index, graph: str):
        self.file, self.index, self.base = file, index, index.base
        self.graph = node(graph)
        self.quads: list[Quad] = []
        docs = file.records.documents
        self.default_source = docs[0].id if docs else None
        clusters = file.records.clusters
        self.default_cluster = clusters[0].id or clusters[0].name if len(clusters) == 1 else None

    # -- emitting ---------------------------------------------------------------------------
    def add(self, s: NamedNode, p: URIRef, o: NamedNode | Literal | URIRef) -> None:
        obj = _n(o) if isinstance(o, URIRef) else o
        self.quads.append(Quad(s, _n(p), obj, self.graph))

    def entity(
        self,
        iri: str,
        cls: URIRef,
        label: str,
        source: str | None,
        loc: Loc,
        quote: str | None = None,
    ) -> NamedNode:
        s = node(iri)
        self.add(s, RDF.type, _n(cls))
        if cls in DESCRIBED:
            self.add(s, RDFS.label, ru(label))
        else:
            self.named(s, label, person=cls == KG.Person)
        self.stated_in(s, source, loc)
        if quote:
            self.add(s, KG.quote, ru(quote))
        return s

    def named(self, s: NamedNode, label: str, *, person: bool = False) -> None:
        """The label, also as schema:name (and foaf:name for a person): the names generic
        tools (search engines, LOD browsers, FOAF readers) look for."""
        name = ru(label)
        self.add(s, RDFS.label, name)
        self.add(s, SCHEMA.name, name)
        if person:
            self.add(s, FOAF.name, name)

    def stated_in(self, s: NamedNode, source: str | None, loc: Loc) -> None:
        doc = source or self.default_source
        if doc is not None:
            iri = self.index.ref(("doc",), doc, self.file, (*loc, "source"))
            if iri:
                self.add(s, KG.statedIn, node(iri))

    def ref(self, kinds: tuple[str, ...], name: str, loc: Loc) -> NamedNode | None:
        iri = self.index.ref(kinds, name, self.file, loc)
        return node(iri) if iri else None

    def link(
        self, s: NamedNode, p: URIRef, kinds: tuple[str, ...], name: str | None, loc: Loc
    ) -> None:
        if name is not None and (o := self.ref(kinds, name, loc)) is not None:
            self.add(s, p, o)

    def links(
        self, s: NamedNode, p: URIRef, kinds: tuple[str, ...], names: list[str], loc: Loc
    ) -> None:
        for i, name in enumerate(names):
            self.link(s, p, kinds, name, (*loc, i))

    def mint(self, kind: str, key: str) -> str:
        return mint(self.base, kind, key)

    # -- sections ---------------------------------------------------------------------------
    def map(self) -> list[Quad]:
        handlers: dict[str, Callable[[Any, Loc], None]] = {
            "documents": self.document, "places": self.place,
            "organizations": self.organization, "people": self.person,
            "clusters": self.cluster, "partnerships": self.partnership, "events": self.event,
            "projects": self.project, "plans": self.plan,
        }  # fmt: skip
        for section, handle in handlers.items():
            for i, record in enumerate(getattr(self.file.records, section)):
                handle(record, (section, i))
        return list(dict.fromkeys(self.quads))  # a region named by two places, once

    def document(self, doc: rec.Document, loc: Loc) -> None:
        s = node(self.mint("doc", doc.id))
        self.add(s, RDF.type, GENRE_CLASS[doc.genre])
        self.named(s, doc.title)
        if doc.date:
            self.add(s, KG.documentDate, date(doc.date))
        if doc.number:
            self.add(s, KG.documentNumber, plain(doc.number))
        if doc.file:
            self.add(s, KG.fileName, plain(doc.file))
        if doc.url:
            self.add(s, SCHEMA.url, plain(doc.url))

    def place(self, place: rec.Place, loc: Loc) -> None:
        s = self.entity(self.mint("place", place.name), KG.Settlement, place.name, None, loc)
        if place.kind:
            self.add(s, KG.settlementKind, SETTLEMENT_KIND[place.kind])
        region = None
        if place.region:
            region = self.entity(
                self.mint("region", place.region), KG.Region, place.region, None, loc
            )
            self.add(s, KG.inRegion, region)
        if place.district:
            district = self.entity(
                self.mint("district", place.district),
                KG.MunicipalDistrict,
                place.district,
                None,
                loc,
            )
            self.add(s, KG.inDistrict, district)
            if region is not None:
                self.add(district, KG.inRegion, region)

    def organization(self, org: rec.Organization, loc: Loc) -> None:
        s = self.entity(
            self.mint("org", org.id or org.name),
            ORG_CLASS[org.kind],
            org.name,
            org.source,
            loc,
            org.quote,
        )
        if org.full_name:
            self.add(s, KG.fullName, ru(org.full_name))
        for alias in org.aliases:
            self.add(s, KG.alias, ru(alias))
        self.link(s, KG.locatedIn, ("place",), org.place, (*loc, "place"))

    def person(self, person: rec.Person, loc: Loc) -> None:
        iri = self.mint("person", person.id or person.name)
        s = self.entity(iri, KG.Person, person.name, person.source, loc, person.quote)
        for alias in person.aliases:
            self.add(s, KG.alias, ru(alias))
        for i, pos in enumerate(person.positions):
            org = (
                self.index.ref(("org",), pos.org, self.file, (*loc, "positions", i, "org"))
                if pos.org
                else None
            )
            self.position(
                iri,
                person.name,
                org,
                pos.title,
                None,
                pos.source or person.source,
                (*loc, "positions", i),
                pos.start,
                pos.end,
                pos.quote,
            )

    def position(
        self,
        person: str,
        person_name: str,
        org: str | None,
        title: str,
        role: str | None,
        source: str | None,
        loc: Loc,
        start: str | None = None,
        end: str | None = None,
        quote: str | None = None,
    ) -> None:
        key = f"{person.rsplit('/', 1)[1]} {org.rsplit('/', 1)[1] if org else ''} {title}"
        where = f", {self.index.label(org)}" if org else ""
        s = self.entity(
            self.mint("position", key),
            KG.Position,
            f"{person_name} — {title}{where}",
            source,
            loc,
            quote,
        )
        self.add(s, KG.holder, node(person))
        self.add(s, KG.title, ru(title))
        if org:
            self.add(s, KG.postIn, node(org))
        if role:
            self.add(s, KG.role, COUNCIL_ROLES[role])
        if start:
            self.add(s, KG.startDate, date(start))
        if end:
            self.add(s, KG.endDate, date(end))

    def cluster(self, cluster: rec.Cluster, loc: Loc) -> None:
        ident = cluster.id or cluster.name
        iri = self.mint("cluster", ident)
        s = self.entity(
            iri, KG.EducationalCluster, cluster.name, cluster.source, loc, cluster.quote
        )
        for alias in cluster.aliases:
            self.add(s, KG.alias, ru(alias))
        self.link(s, KG.hasHub, ("org",), cluster.hub, (*loc, "hub"))
        self.links(s, KG.hasMember, ("org",), cluster.members, (*loc, "members"))
        self.link(s, KG.locatedIn, ("place",), cluster.place, (*loc, "place"))
        council = cluster.council
        if council is None:
            return
        c_iri = self.mint("council", ident)
        c = self.entity(
            c_iri, KG.CoordinationCouncil, council.name, cluster.source, (*loc, "council")
        )
        self.add(s, KG.hasCouncil, c)
        roles: list[tuple[str, str, Loc]] = []
        if council.chair:
            roles.append(("chair", council.chair, (*loc, "council", "chair")))
        roles += [
            ("member", m, (*loc, "council", "members", i)) for i, m in enumerate(council.members)
        ]
        if council.curator:
            roles.append(("curator", council.curator, (*loc, "council", "curator")))
        for role, name, where in roles:
            person = self.index.ref(("person",), name, self.file, where)
            if person:
                self.position(
                    person,
                    self.index.label(person),
                    iri if role == "curator" else c_iri,
                    COUNCIL_TITLES[role],
                    role,
                    cluster.source,
                    where,
                )

    def partnership(self, p: rec.Partnership, loc: Loc) -> None:
        partners = [
            self.index.ref(("org", "cluster"), name, self.file, (*loc, "partners", i))
            for i, name in enumerate(p.partners)
        ]
        known = sorted(x for x in partners if x)
        if len(known) != len(partners):
            return
        key = " ".join([p.kind, *(x.rsplit("/", 1)[1] for x in known)])
        names = " — ".join(self.index.label(x) for x in known)
        s = self.entity(
            self.mint("partnership", key),
            KG.Partnership,
            f"Партнёрство: {names}",
            p.source,
            loc,
            p.quote,
        )
        self.add(s, KG.partnershipKind, PARTNERSHIP_KIND[p.kind])
        for x in known:
            self.add(s, KG.partner, node(x))
        if p.since:
            self.add(s, KG.since, date(p.since))
        self.links(s, KG.evidence, ("event", "doc"), p.evidence, (*loc, "evidence"))
        if p.description:
            self.add(s, KG.description, ru(p.description))

    def event(self, e: rec.Event, loc: Loc) -> None:
        iri = self.mint("event", e.id or event_ident(e.title, e.kind, e.start))
        label = e.title or f"{EVENT_LABEL_RU[e.kind]} {e.start or ''}".strip()
        s = self.entity(iri, EVENT_CLASS[e.kind], label, e.source, loc, e.quote)
        if e.start:
            self.add(s, KG.startDate, date(e.start))
        if e.end:
            self.add(s, KG.endDate, date(e.end))
        self.link(s, KG.eventPlace, ("place",), e.place, (*loc, "place"))
        self.link(s, KG.venue, ("org",), e.venue, (*loc, "venue"))
        self.link(s, KG.cluster, ("cluster",), e.cluster or self.default_cluster, (*loc, "cluster"))
        self.link(s, KG.subEventOf, ("event",), e.part_of, (*loc, "part_of"))
        self.links(s, KG.organizer, ("org",), e.organizers, (*loc, "organizers"))
        self.links(s, KG.participant, ("person", "org"), e.participants, (*loc, "participants"))
        for n, speaker in enumerate(e.speakers, start=1):
            where = (*loc, "speakers", n - 1)
            person = self.ref(("person",), speaker.person, (*where, "person"))
            if person is None:
                continue
            name = self.index.label(person.value)
            item = self.entity(
                f"{iri}/agenda-{n}",
                KG.AgendaItem,
                f"{speaker.topic} — {name}" if speaker.topic else name,
                e.source,
                where,
                speaker.quote,
            )
            self.add(item, KG.agendaOf, s)
            self.add(item, KG.agendaNumber, integer(n))
            self.add(item, KG.speaker, person)
            if speaker.topic:
                self.add(item, KG.topic, ru(speaker.topic))
        for n, text in enumerate(e.decisions, start=1):
            d = self.entity(
                f"{iri}/decision-{n}", KG.Decision, text, e.source, (*loc, "decisions", n - 1)
            )
            self.add(d, KG.decisionOf, s)
            self.add(d, KG.decisionNumber, integer(n))

    def project(self, p: rec.Project, loc: Loc) -> None:
        cls = KG.SpecialisedClass if p.kind == "specialised_class" else KG.Project
        s = self.entity(self.mint("project", p.id or p.name), cls, p.name, p.source, loc, p.quote)
        if p.direction:
            self.add(s, KG.direction, ru(p.direction))
        self.link(s, KG.cluster, ("cluster",), p.cluster or self.default_cluster, (*loc, "cluster"))
        self.links(s, KG.projectMember, ("org",), p.members, (*loc, "members"))
        self.links(s, KG.projectPartner, ("org",), p.partners, (*loc, "partners"))

    def plan(self, p: rec.Plan, loc: Loc) -> None:
        iri = self.mint("plan", p.id or p.title)
        s = self.entity(iri, KG.Roadmap if p.kind == "roadmap" else KG.Plan, p.title, p.source, loc)
        self.link(s, KG.cluster, ("cluster",), p.cluster or self.default_cluster, (*loc, "cluster"))
        self.link(s, KG.approvedBy, ("person",), p.approved_by, (*loc, "approved_by"))
        if p.period_start:
            self.add(s, KG.startDate, date(p.period_start))
        if p.period_end:
            self.add(s, KG.endDate, date(p.period_end))
        for n, item in enumerate(p.items, start=1):
            self.plan_item(s, iri, n, item, p, (*loc, "items", n - 1))

    def plan_item(
        self, plan: NamedNode, plan_iri: str, n: int, item: rec.PlanItem, p: rec.Plan, loc: Loc
    ) -> None:
        iri = f"{plan_iri}/item-{n}"
        s = self.entity(iri, KG.PlanItem, item.activity, p.source, loc, item.quote)
        self.add(s, KG.itemOf, plan)
        if item.number:
            self.add(s, KG.itemNumber, plain(item.number))
        if item.section:
            self.add(s, KG.section, ru(item.section))
        if item.result:
            self.add(s, KG.expectedResult, ru(item.result))
        if item.due:
            self.add(s, KG.dueText, ru(item.due))
        start, end = parse_due(item.due, (p.period_start, p.period_end))
        start, end = item.due_from or start, item.due_by or end
        if start or end:
            interval = node(f"{iri}/due")
            self.add(s, KG.due, interval)
            self.add(interval, RDF.type, TIME.ProperInterval)
            self.add(interval, RDFS.label, ru(item.due or f"{start or ''}–{end or ''}"))
            for edge, day in ((TIME.hasBeginning, start), (TIME.hasEnd, end)):
                if day:
                    instant = node(f"{iri}/due/{'start' if edge == TIME.hasBeginning else 'end'}")
                    self.add(interval, edge, instant)
                    self.add(instant, RDF.type, TIME.Instant)
                    self.add(instant, RDFS.label, plain(day.isoformat()))
                    self.add(instant, TIME.inXSDDate, date(day))
        for party in item.responsible:
            found = self.index.maybe(RESPONSIBLE, party) or self.index.maybe(
                RESPONSIBLE, party.split(",")[0]
            )
            if found:
                self.add(s, KG.responsible, node(found))
            else:
                self.add(s, KG.responsibleText, ru(party))
        self.link(s, KG.plannedEvent, ("event",), item.event, (*loc, "event"))
