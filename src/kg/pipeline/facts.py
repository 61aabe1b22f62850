"""The facts reconciliation reads: the graph's (Held) and one document's (DocumentFacts), the
terms they are read by, and how two wordings of one title or text are told alike."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from difflib import SequenceMatcher
from functools import cache

import pyoxigraph as ox

from kg.rdf.mapping import EVENT_CLASS, GENRE_CLASS
from kg.rdf.namespaces import KG, ONTOLOGY_IRI, RDF, RDFS
from kg.rdf.naming import name_key
from kg.rdf.shapes import compiled
from kg.rdf.terms import node

Term = ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple
Node = ox.NamedNode

TYPE = node(str(RDF.type))
LABEL = node(str(RDFS.label))
FULL_NAME = node(str(KG.fullName))
ALIAS = node(str(KG.alias))
STATED_IN = node(str(KG.statedIn))
QUOTE = node(str(KG.quote))
HOLDER, POST_IN, TITLE, ROLE = (node(str(p)) for p in (KG.holder, KG.postIn, KG.title, KG.role))
START, END = node(str(KG.startDate)), node(str(KG.endDate))
ORGANIZER, CLUSTER = node(str(KG.organizer)), node(str(KG.cluster))
AGENDA_OF, SPEAKER, TOPIC = (node(str(p)) for p in (KG.agendaOf, KG.speaker, KG.topic))
DECISION_OF, ITEM_OF, DUE = (node(str(p)) for p in (KG.decisionOf, KG.itemOf, KG.due))
PARTNER, PARTNERSHIP_KIND = node(str(KG.partner)), node(str(KG.partnershipKind))
FILE_NAME, DOCUMENT_DATE = node(str(KG.fileName)), node(str(KG.documentDate))

NAMED = {str(KG.Organization), str(KG.Person), str(KG.EducationalCluster)}
"""Kinds whose other names a document may add, as aliases."""
EVENT = str(KG.Event)
EVENTS = {str(c) for c in EVENT_CLASS.values()}
DOCUMENTS = {str(c) for c in GENRE_CLASS.values()} | {str(KG.SourceDocument)}
PLANS = {str(KG.Plan), str(KG.Roadmap)}
UNIT = re.compile(
    r"(отдел|сектор|управлени|департамент|служб|центр|кафедр|лаборатор|филиал|комитет"
    r"|подразделени|бюро|офис|до\b|дополнительн\w* офис)"
)
"""Words that begin the name of a unit within an organization: "методист сектора"."""


@cache
def single_valued() -> frozenset[str]:
    """Properties the shapes allow once per node: a second value is a contradiction."""
    shapes = compiled()
    return frozenset(
        str(c.path)
        for shape in shapes.shapes
        for c in shape.constraints
        if c.kind == "max" and c.count <= 1
    )


def _stems(text: str) -> set[str]:
    return {w[:5] for w in re.findall(r"\w+", name_key(text)) if len(w) > 2 or w.isdigit()}


def similar(a: str, b: str) -> bool:
    """Two wordings of one text: equal but for case, quotes and spacing, nearly equal letter
    by letter, or one's word stems all (but a fifth) among the other's — a title told in
    another case ("Всероссийском форуме" / "Всероссийский форум") or with its kind before it."""
    ka, kb = name_key(a), name_key(b)
    if ka == kb or SequenceMatcher(None, ka, kb, autojunk=False).ratio() >= 0.85:
        return True
    sa, sb = _stems(a), _stems(b)
    shared = len(sa & sb)
    return shared >= 2 and shared >= 0.8 * min(len(sa), len(sb))


def closest(text: str, candidates: Iterable[tuple[Node, str]]) -> Node | None:
    """The one candidate whose text is `text` in other words, and closer to it than any
    other: of two plan items a word apart, the one it is."""
    scored = sorted(
        (
            (
                name_key(text) != name_key(t),
                -SequenceMatcher(None, name_key(text), name_key(t)).ratio(),
                c,
            )
            for c, t in candidates
            if similar(text, t)
        ),
        key=lambda x: x[:2],
    )
    if not scored or (len(scored) > 1 and scored[0][:2] == scored[1][:2]):
        return None
    return scored[0][2]


def same_post(a: str, b: str) -> bool:
    """One title, compared without case, ё, quotes and spacing, or one that names the unit
    the other leaves out ("методист" / "методист сектора")."""
    ka, kb = sorted((name_key(a), name_key(b)), key=len)
    if ka == kb:
        return True
    if not kb.startswith(ka + " "):
        return False
    # the unit left out, or where the unit is ("управляющий офиса" / "… офиса г. Омутнинска")
    return UNIT.match(kb[len(ka) + 1 :]) is not None or UNIT.match(ka.split()[-1]) is not None


class Held:
    """What the store holds outside the graphs an ingest replaces, and what the documents
    ingested before in the same run add."""

    def __init__(self, store: ox.Store, hidden: Iterable[str]):
        self.store = store
        self.hidden = {ox.NamedNode(g) for g in hidden} | {ox.NamedNode(ONTOLOGY_IRI)}
        self.pending = ox.Store()

    def add(self, quads: Iterable[ox.Quad]) -> None:
        self.pending.extend(quads)

    def quads(
        self, s: Node | None = None, p: ox.NamedNode | None = None, o: Term | None = None
    ) -> Iterator[ox.Quad]:
        for q in self.store.quads_for_pattern(s, p, o, None):
            if q.graph_name not in self.hidden:
                yield q
        yield from self.pending.quads_for_pattern(s, p, o, None)

    def objects(self, s: Node, p: ox.NamedNode) -> set[Term]:
        return {q.object for q in self.quads(s, p, None)}

    def subjects(self, p: ox.NamedNode, o: Term) -> set[Node]:
        return {q.subject for q in self.quads(None, p, o) if isinstance(q.subject, Node)}

    def has(self, s: Node, p: ox.NamedNode, o: Term) -> bool:
        return next(self.quads(s, p, o), None) is not None

    def holds(self, q: ox.Quad) -> bool:
        """Whether the graph has the quad's triple, in whichever graph."""
        return isinstance(q.subject, Node) and self.has(q.subject, q.predicate, q.object)

    def types(self, s: Node) -> set[str]:
        return {q.object.value for q in self.quads(s, TYPE, None) if isinstance(q.object, Node)}

    def text(self, s: Node, p: ox.NamedNode = LABEL) -> str:
        literals = (q.object for q in self.quads(s, p, None) if isinstance(q.object, ox.Literal))
        return next((o.value for o in literals), "")


class DocumentFacts:
    """The document's quads by subject."""

    def __init__(self, quads: list[ox.Quad]):
        self.about: dict[Node, dict[str, list[Term]]] = {}
        for q in quads:
            if isinstance(q.subject, Node):
                by = self.about.setdefault(q.subject, {})
                by.setdefault(q.predicate.value, []).append(q.object)

    def objects(self, s: Node, p: ox.NamedNode) -> list[Term]:
        return self.about.get(s, {}).get(p.value, [])

    def one(self, s: Node, p: ox.NamedNode) -> Term | None:
        return next(iter(self.objects(s, p)), None)

    def text(self, s: Node, p: ox.NamedNode = LABEL) -> str:
        value = self.one(s, p)
        return value.value if isinstance(value, ox.Literal) else ""

    def types(self, s: Node) -> set[str]:
        return {t.value for t in self.objects(s, TYPE) if isinstance(t, Node)}

    def typed(self, kinds: set[str]) -> list[Node]:
        return [s for s in self.about if self.types(s) & kinds]

    def subjects(self, p: ox.NamedNode, o: Term) -> list[Node]:
        return [s for s, about in self.about.items() if o in about.get(p.value, [])]
