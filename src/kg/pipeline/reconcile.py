"""A document's facts against what the graph already holds.

A fact the graph holds (the same person, organization, post, partnership, event, speech,
decision or plan item) is not stated again: the document's graph cites the node
the graph has (`kg:statedIn`, `kg:quote`), adds the names it did not know as `kg:alias`, and
links only what is new. A fact that contradicts a held one (another title for a holder's
post in one organization, another date for one event) stays a node of its own, with its
source, for queries/dq-conflicting-facts.rq to report.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import pyoxigraph as ox

from kg.pipeline.facts import (
    AGENDA_OF,
    ALIAS,
    CLUSTER,
    DECISION_OF,
    DOCUMENT_DATE,
    DOCUMENTS,
    END,
    EVENT,
    EVENTS,
    FILE_NAME,
    FULL_NAME,
    HOLDER,
    ITEM_OF,
    LABEL,
    NAMED,
    ORGANIZER,
    PARTNER,
    PARTNERSHIP_KIND,
    PLANS,
    POST_IN,
    QUOTE,
    ROLE,
    SPEAKER,
    START,
    STATED_IN,
    TITLE,
    TOPIC,
    TYPE,
    DocumentFacts,
    Held,
    Node,
    Term,
    closest,
    same_post,
    similar,
    single_valued,
)
from kg.rdf.namespaces import KG
from kg.rdf.naming import name_key
from kg.rdf.terms import node

Taker = Callable[[Node, Node, str], None]


@dataclass
class Same:
    """A node of the document taken for one the graph holds, and why."""

    fact: str
    held: str
    reason: str


@dataclass
class Conflict:
    """A fact of the document that contradicts one the graph holds; both are kept."""

    fact: str
    held: str
    what: str


@dataclass
class Reconciled:
    quads: list[ox.Quad]
    same: list[Same] = field(default_factory=list)
    conflicts: list[Conflict] = field(default_factory=list)


class Reconciler:
    def __init__(self, held: Held):
        self.held = held
        self._parts: dict[tuple[str, Node], list[tuple[Node, Term, str]]] = {}

    def reconcile(self, quads: list[ox.Quad]) -> Reconciled:
        doc = DocumentFacts(quads)
        out = Reconciled([])
        same: dict[Term, Node] = {}

        def take(fact: Node, held: Node, reason: str) -> None:
            if fact != held:
                same[fact] = held
                out.same.append(Same(fact.value, held.value, reason))

        for position in doc.typed({str(KG.Position)}):
            self._position(doc, position, take, out.conflicts)
        for partnership in doc.typed({str(KG.Partnership)}):
            if (found := self._partnership(doc, partnership)) is not None:
                take(partnership, found, "the same partners")
        events = doc.typed(EVENTS)
        # the document stays a source of its own (the provenance of each fact names it), but
        # the events a record of the same file states are the first to compare with
        sources = {t for d in doc.typed(DOCUMENTS) if (t := self._document(doc, d)) is not None}
        for event in events:
            self._event(doc, event, sources, take, out.conflicts)
        for event in events:
            held = same.get(event, event)
            if self.held.types(held) & EVENTS:
                self._children(doc, event, held, take)
        for plan in doc.typed(PLANS):
            self._plan(doc, plan, take)
        out.quads = self.trim([_renamed(q, same) for q in quads])
        return out

    # -- matching ---------------------------------------------------------------------------
    def _document(self, doc: DocumentFacts, document: Node) -> Node | None:
        """The held record of a document of the same genre read from a file of the same
        name, of the same date where both have one."""
        name, day = doc.one(document, FILE_NAME), doc.one(document, DOCUMENT_DATE)
        genre = doc.types(document)
        if name is None:
            return None
        found = [
            d
            for d in self.held.subjects(FILE_NAME, name)
            if genre <= self.held.types(d)
            and (
                day is None
                or self.held.has(d, DOCUMENT_DATE, day)
                or not self.held.objects(d, DOCUMENT_DATE)
            )
        ]
        return found[0] if len(found) == 1 else None

    def _position(
        self, doc: DocumentFacts, position: Node, take: Taker, conflicts: list[Conflict]
    ) -> None:
        if self.held.types(position):
            return  # minted from the same holder, organization and title
        holder, title = doc.one(position, HOLDER), doc.text(position, TITLE)
        org, role = doc.one(position, POST_IN), doc.one(position, ROLE)
        if holder is None:
            return
        held = [
            p for p in self.held.subjects(HOLDER, holder) if str(KG.Position) in self.held.types(p)
        ]
        # a post whose organization the document leaves out: any the holder has
        here = held if org is None else [p for p in held if self.held.has(p, POST_IN, org)]
        if role is not None:
            here = [p for p in here if self.held.has(p, ROLE, role)]
        posts = [p for p in here if same_post(title, self.held.text(p, TITLE))]
        if len(posts) == 1:
            theirs = self.held.text(posts[0], TITLE)
            how = "title" if name_key(title) == name_key(theirs) else f"post ({theirs!r})"
            where = ", organization" if org is not None else ""
            take(position, posts[0], f"the same holder{where} and {how}")
        elif not posts and org is not None and role is None:
            for other in sorted(here, key=str):
                if not self.held.objects(other, ROLE):
                    conflicts.append(
                        Conflict(position.value, other.value, "another title for the post")
                    )

    def _partnership(self, doc: DocumentFacts, partnership: Node) -> Node | None:
        if self.held.types(partnership):
            return None
        partners = set(doc.objects(partnership, PARTNER))
        if not partners:
            return None
        found = [
            p
            for p in self.held.subjects(PARTNER, next(iter(partners)))
            if self.held.objects(p, PARTNER) == partners
        ]
        kind = doc.one(partnership, PARTNERSHIP_KIND)
        alike = [p for p in found if kind is not None and self.held.has(p, PARTNERSHIP_KIND, kind)]
        if len(alike) == 1:
            return alike[0]
        return found[0] if len(found) == 1 else None

    def _event(
        self,
        doc: DocumentFacts,
        event: Node,
        sources: set[Node],
        take: Taker,
        conflicts: list[Conflict],
    ) -> None:
        """The held event of the same kind and date, with an organizer in common and the
        same cluster where both have them; where the date cannot tell (none on either side)
        or the kind is none in particular, the title must tell too."""
        if self.held.types(event):
            return
        kind = next(iter(doc.types(event) & EVENTS))
        title = doc.text(event)
        dates = {p: doc.one(event, p) for p in (START, END)}
        organizers, cluster = set(doc.objects(event, ORGANIZER)), doc.one(event, CLUSTER)
        candidates: set[Node] = set()
        for p, day in dates.items():
            if day is not None:
                candidates |= self.held.subjects(p, day)
        for organizer in organizers:
            candidates |= self.held.subjects(ORGANIZER, organizer)
        if cluster is not None:
            candidates |= self.held.subjects(CLUSTER, cluster)
        for source in sources:  # the events the same document states
            candidates |= self.held.subjects(STATED_IN, source)
        candidates |= self.held.subjects(LABEL, ox.Literal(title, language="ru"))
        matches: list[tuple[bool, bool, Node, str]] = []
        others: list[Node] = []
        for held in sorted(candidates, key=str):
            kinds = self.held.types(held) & EVENTS
            specific = kinds - {EVENT} or {EVENT}
            if not kinds or not (kind == EVENT or specific == {EVENT} or kind in specific):
                continue
            held_organizers = self.held.objects(held, ORGANIZER)
            if organizers and held_organizers and not organizers & held_organizers:
                continue
            held_cluster = self.held.objects(held, CLUSTER)
            if cluster is not None and held_cluster and cluster not in held_cluster:
                continue
            alike = similar(title, self.held.text(held))
            # the start if both have one, else the end if both have one
            compared = next(
                (p for p in (START, END) if dates[p] is not None and self.held.objects(held, p)),
                None,
            )
            if compared is not None and dates[compared] not in self.held.objects(held, compared):
                if alike and kind in specific and compared == START:
                    others.append(held)
                continue
            if not alike and (compared is None or EVENT in (kind, *specific)):
                continue
            shared = [
                *(["date"] if compared is not None else []),
                *(["title"] if alike else []),
                *(["organizer"] if organizers & held_organizers else []),
                *(["cluster"] if cluster is not None and cluster in held_cluster else []),
            ]
            how = ["kind" if kind in specific else "no particular kind", *shared]
            said = f"the same {', '.join(how[:-1])} and {how[-1]}" if shared else "the same kind"
            matches.append((not alike, kind not in specific, held, said))
        matches.sort(key=lambda m: m[:2])
        if len(matches) == 1 or (len(matches) > 1 and matches[0][:2] < matches[1][:2]):
            take(event, matches[0][2], matches[0][3])
            return
        if not matches and kind == EVENT and (found := self._by_decisions(doc, event)):
            take(event, found, "an event of no stated kind with the decisions of this one")
            return
        if not matches:
            for other in others:
                conflicts.append(Conflict(event.value, other.value, "another date for the event"))

    def _held_parts(self, kind: str, of: Node) -> list[tuple[Node, Term, str]]:
        """(part, whole, words) of every held node of `kind` (a decision of its event, an item
        of its plan), gathered once: each document of a run compares against them all."""
        if (kind, of) not in self._parts:
            self._parts[(kind, of)] = [
                (part, whole, self.held.text(part))
                for part in self.held.subjects(TYPE, node(kind))
                for whole in self.held.objects(part, of)
            ]
        return self._parts[(kind, of)]

    def _by_decisions(self, doc: DocumentFacts, event: Node) -> Node | None:
        """The one held event that took most of this event's decisions."""
        texts = [doc.text(d) for d in doc.subjects(DECISION_OF, event)]
        if not texts:
            return None
        votes: dict[Node, int] = {}
        for text in texts:
            found = {
                e for _, e, t in self._held_parts(str(KG.Decision), DECISION_OF) if similar(text, t)
            }
            for held in (e for e in found if isinstance(e, Node)):
                votes[held] = votes.get(held, 0) + 1
        best = [e for e, n in votes.items() if 2 * n > len(texts)]
        return best[0] if len(best) == 1 else None

    def _children(self, doc: DocumentFacts, event: Node, held: Node, take: Taker) -> None:
        """The speeches and decisions of an event the graph holds: a speech by its speaker
        (and topic, if the speaker spoke twice), a decision by its words."""
        items = self.held.subjects(AGENDA_OF, held)
        for item in doc.subjects(AGENDA_OF, event):
            speaker, topic = doc.one(item, SPEAKER), doc.text(item, TOPIC)
            theirs = [
                i for i in items if speaker is not None and self.held.has(i, SPEAKER, speaker)
            ]
            if len(theirs) > 1:
                found = closest(topic, [(i, self.held.text(i, TOPIC)) for i in theirs])
                theirs = [found] if found is not None else []
            if len(theirs) == 1:
                take(item, theirs[0], "the same speaker at the same event")
        decisions = self.held.subjects(DECISION_OF, held)
        for decision in doc.subjects(DECISION_OF, event):
            text = doc.text(decision)
            if (match := closest(text, [(d, self.held.text(d)) for d in decisions])) is not None:
                take(decision, match, "the same decision of the same event")

    def _plan(self, doc: DocumentFacts, plan: Node, take: Taker) -> None:
        """A plan is the held one that has most of its items; an item, the one of that plan
        with the same activity."""
        items = [(i, doc.text(i)) for i in doc.subjects(ITEM_OF, plan)]
        held = plan if self.held.types(plan) & PLANS else None
        if held is None:
            votes: dict[Node, int] = {}
            for _, text in items:
                found = {
                    p for _, p, t in self._held_parts(str(KG.PlanItem), ITEM_OF) if similar(text, t)
                }
                for other in (p for p in found if isinstance(p, Node)):
                    votes[other] = votes.get(other, 0) + 1
            best = [p for p, n in votes.items() if 2 * n > len(items)]
            if len(best) != 1:
                return
            held = best[0]
            take(plan, held, "a plan with the same items")
        theirs = [(i, t) for i, p, t in self._held_parts(str(KG.PlanItem), ITEM_OF) if p == held]
        for item, text in items:
            if (match := closest(text, theirs)) is not None:
                take(item, match, "the same activity of the same plan")
                for part in ("/due", "/due/start", "/due/end"):  # its interval goes with it
                    if (due := node(item.value + part)) in doc.about:
                        take(due, node(match.value + part), "the due date of that activity")

    # -- what the document's graph keeps ----------------------------------------------------
    def trim(self, quads: list[ox.Quad]) -> list[ox.Quad]:
        """Everything about a new node; about a held one, what the graph does not hold yet:
        the document as a source, the quote, a name it did not know (as an alias) and links
        that contradict none it has. No second label or kind."""
        kinds: dict[Node, set[str]] = {}
        out: list[ox.Quad] = []
        names: dict[Node, set[str]] = {}
        once = single_valued()
        for q in dict.fromkeys(quads):
            s, p, o = q.subject, q.predicate, q.object
            if not isinstance(s, Node):
                continue
            if s not in kinds:
                kinds[s] = self.held.types(s)
            if self.held.has(s, p, o):
                continue
            if not kinds[s]:
                out.append(q)
                continue
            if p == TYPE:
                continue
            if p in (LABEL, FULL_NAME, ALIAS):
                if not kinds[s] & NAMED or not isinstance(o, ox.Literal):
                    continue
                if s not in names:
                    names[s] = {name_key(self.held.text(s, n)) for n in (LABEL, FULL_NAME)} | {
                        name_key(a.value)
                        for a in self.held.objects(s, ALIAS)
                        if isinstance(a, ox.Literal)
                    }
                if name_key(o.value) in names[s]:
                    continue
                names[s].add(name_key(o.value))
                out.append(ox.Quad(s, ALIAS, o, q.graph_name))
                continue
            if p in (QUOTE, STATED_IN):
                out.append(q)
            elif p.value in once:
                if next(self.held.quads(s, p, None), None) is None:
                    out.append(q)  # what the graph left open
            elif not isinstance(o, ox.Literal):
                out.append(q)  # a link the graph has not
            # another text of a node the graph holds is its description in other words
        return out


def _renamed(q: ox.Quad, same: dict[Term, Node]) -> ox.Quad:
    if q.subject not in same and q.object not in same:
        return q
    s = same.get(q.subject, q.subject)
    o = same.get(q.object, q.object)
    return ox.Quad(s, q.predicate, o, q.graph_name)


def context(held: Held, quads: list[ox.Quad]) -> tuple[list[ox.Quad], set[str]]:
    """What the shapes need to judge the document's nodes in the graph: every held quad
    about each node the document names, and the kinds of the nodes those point to. Also
    the nodes to judge (the ones the document names)."""
    nodes = {q.subject for q in quads if isinstance(q.subject, Node)} | {
        q.object for q in quads if q.predicate != TYPE and isinstance(q.object, Node)
    }
    around = [h for n in nodes for h in held.quads(n, None, None)]
    pointed = {h.object for h in around if h.predicate != TYPE and isinstance(h.object, Node)}
    around += [h for n in pointed - nodes for h in held.quads(n, TYPE, None)]
    return around, {n.value for n in nodes}
