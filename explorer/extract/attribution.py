"""Reported speech: who a document says is saying what. News states much of what it reports in others'
voices ("the Pentagon said the strike killed 12", "according to Iraqi officials, …"); a relation or event
stated inside such a clause keeps its speaker, so an analyst can tell the outlet's own voice from a claim.

Read off the dependency parse, not word lists: a verb with a subject and a finite clausal complement
(`ccomp`: "X said [that] …", "X claimed …", "X told reporters …") or a parenthetical one (`parataxis`:
"…, X said.") reports that clause; "according to X" (a fixed English construction) reports its sentence;
a claim of an act ("X claimed responsibility for the attack on Y", a CLAIMED verb of the relation
vocabulary whose object names an act) is X's word for that act, X included; and an evidential modifier
("allegedly", "the alleged strike": English's closed class of hearsay adverbs and adjectives) marks what
it modifies as said by someone unnamed.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from explorer.extract import attributes  # noqa: F401 - declares doc._.reported
from explorer.extract.layout import sentence_index
from explorer.extract.linking import LocalEntity
from explorer.extract.vocabulary import EVENT_NOUN_TYPES, VERB_TYPES
from explorer.model import Event, Relation

_SUBJECTS = ("nsubj", "nsubjpass")
_FINITE_SUBJECTS = ("nsubj", "nsubjpass", "expl")
_NOT_SPEAKER = ("relcl", "appos", "acl", "punct", "cc", "conj")
# Hearsay: the words English marks a statement with when it repeats it without saying whose it is.
_EVIDENTIALS = {"allegedly", "reportedly", "purportedly", "supposedly", "alleged", "reported", "purported"}
UNNAMED = "unnamed sources"


@dataclass(frozen=True)
class ReportedSpeech:
    """A stretch of one sentence (token indices) that `speaker` is reported as saying."""

    speaker: str
    sentence: int
    tokens: frozenset[int]


@Language.component(
    "explorer_attribution",
    requires=["doc._.entities", "doc._.relations", "doc._.events"],
    assigns=["doc._.reported"],
)
def attribution(doc: Doc) -> Doc:
    """Find reported speech and give the relations and events stated inside it their speaker."""
    entities: list[LocalEntity] = doc._.entities or []
    reported = find_reported_speech(doc, entities)
    doc._.reported = reported
    if reported:
        attribute(doc, reported, entities, doc._.relations or [], doc._.events or [])
    return doc


def find_reported_speech(doc: Doc, entities: list[LocalEntity]) -> list[ReportedSpeech]:
    """Every reported clause of the document, with its speaker, in text order."""
    name_at = {t: e.name for e in entities for m in e.mentions for t in range(m.span.start, m.span.end)}
    sent_of = sentence_index(doc)
    found: list[ReportedSpeech] = []
    for token in doc:
        scope = _reported_scope(token)
        if scope is None:
            continue
        speaker_head, tokens = scope
        speaker = UNNAMED if speaker_head is None else name_at.get(speaker_head.i) or _phrase(speaker_head)
        if speaker and tokens:
            found.append(ReportedSpeech(speaker, sent_of[token.i], frozenset(tokens)))
    return found


def _reported_scope(token: Token) -> tuple[Token | None, set[int]] | None:
    """(the speaker's head, None when unnamed; the reported tokens) when `token` introduces reported speech."""
    if token.lower_ in _EVIDENTIALS and token.dep_ in ("advmod", "amod"):
        return None, {t.i for t in token.head.subtree}
    if token.lower_ == "according" and token.i + 1 < len(token.doc) and token.nbor().lower_ == "to":
        objects = [c for c in token.nbor().children if c.dep_ == "pobj"]
        if not objects:
            return None
        own = {t.i for t in token.subtree}
        return objects[0], {t.i for t in token.sent if t.i not in own}
    if token.pos_ not in ("VERB", "AUX"):
        return None
    subjects = [c for c in token.children if c.dep_ in _SUBJECTS and c.pos_ != "PRON" or _named_pronoun(c)]
    if not subjects:
        return None
    clauses = [c for c in token.children if c.dep_ == "ccomp" and _finite(c)]
    # "X said that …" where the parser missed the clause ("that" read as a preposition): what follows "that".
    clauses += [c for c in token.children if c.lower_ == "that" and c.i > token.i and c.dep_ in ("prep", "mark")]
    if clauses:
        return subjects[0], {t.i for c in clauses for t in c.subtree}
    if token.dep_ == "parataxis" and _finite(token.head):
        own = {t.i for t in token.subtree}
        return subjects[0], {t.i for t in token.head.subtree if t.i not in own}
    acts = _claimed_acts(token)
    if acts:
        return subjects[0], {t.i for t in subjects[0].subtree} | {t.i for act in acts for t in act.subtree}
    return None


def _claimed_acts(verb: Token) -> list[Token]:
    """The acts a claim verb's object names ("claimed the bombing", "claimed responsibility for the attack")."""
    if VERB_TYPES.get(verb.lemma_.lower()) != "CLAIMED":
        return []
    objects = [c for c in verb.children if c.dep_ == "dobj"]
    named = objects + [
        p for o in objects for r in o.children if r.dep_ == "prep" for p in r.children if p.dep_ == "pobj"
    ]
    return [n for n in named if n.lemma_.lower() in EVENT_NOUN_TYPES or n.lower_ in EVENT_NOUN_TYPES]


def _named_pronoun(token: Token) -> bool:
    """A personal pronoun subject ("he said"): the anaphora step may have linked it to a name."""
    return token.dep_ in _SUBJECTS and token.pos_ == "PRON" and token.lower_ in ("he", "she", "they")


def _finite(clause: Token) -> bool:
    """A clause with its own subject ("the strike killed 12"), not an infinitive or a noun."""
    return clause.pos_ in ("VERB", "AUX") and any(c.dep_ in _FINITE_SUBJECTS for c in clause.children)


def _phrase(head: Token) -> str:
    """The speaker as written, with its modifiers but without a leading article, apposition or relative
    clause ("spokesperson for the African Union", "officials in Santiago")."""
    if head.pos_ == "PRON":
        return ""
    dropped = {t.i for c in head.children if c.dep_ in _NOT_SPEAKER for t in c.subtree}
    words = [t for t in head.subtree if t.i not in dropped]
    while words and words[0].dep_ == "det":
        words.pop(0)
    return "".join(t.text_with_ws for t in words).strip()


def attribute(
    doc: Doc,
    reported: list[ReportedSpeech],
    entities: list[LocalEntity],
    relations: list[Relation],
    events: list[Event],
) -> None:
    """Give each relation both of whose ends are named inside a reported clause, and each event whose date
    and some participant are, that clause's speaker (the innermost clause when they nest)."""
    by_sentence: dict[int, list[ReportedSpeech]] = {}
    for report in sorted(reported, key=lambda r: len(r.tokens)):
        by_sentence.setdefault(report.sentence, []).append(report)
    tokens_of: dict[tuple[str, int], set[int]] = {}
    for entity in entities:
        for mention in entity.mentions:
            tokens_of.setdefault((entity.id, mention.sentence), set()).add(mention.span.start)
    for relation in relations:
        for report in by_sentence.get(relation.sentence, []):
            ends = [tokens_of.get((end, relation.sentence), set()) for end in (relation.source, relation.target)]
            if all(end & report.tokens for end in ends):
                relation.speaker = report.speaker
                break
    sentences = list(doc.sents) if any(e.sentence in by_sentence for e in events) else []
    for event in events:
        for report in by_sentence.get(event.sentence, []):
            people = set().union(*(tokens_of.get((p.entity, event.sentence), set()) for p in event.participants))
            if people & report.tokens and _date_token(sentences[event.sentence], event.date_text) in report.tokens:
                event.speaker = report.speaker
                break


def _date_token(sentence: Span, date_text: str) -> int:
    """The first token of the event's date expression in its sentence (-1 when not found)."""
    at = sentence.text.find(date_text) if date_text else -1
    if at < 0:
        return -1
    span = sentence.doc.char_span(sentence.start_char + at, sentence.start_char + at + len(date_text), "expand")
    return span.start if span is not None else -1
