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
from spacy.tokens import Doc

from explorer.extract import attributes  # noqa: F401 - declares doc._.reported
from explorer.extract.layout import Sentences, sentence_bounds, sentence_index
from explorer.extract.linking import LocalEntity
from explorer.extract.token_table import TokenTable, token_table
from explorer.extract.vocabulary import EVENT_NOUN_TYPES, VERB_TYPES
from explorer.model import Event, Relation

_VERBS = ("VERB", "AUX")
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
    tokens = token_table(doc)
    bounds = sentence_bounds(doc)
    found: list[ReportedSpeech] = []
    for i in _candidates(tokens):
        scope = _reported_scope(tokens, i, bounds[sent_of[i]])
        if scope is None:
            continue
        speaker_head, reported = scope
        speaker = UNNAMED if speaker_head is None else name_at.get(speaker_head) or _phrase(tokens, speaker_head)
        if speaker and reported:
            found.append(ReportedSpeech(speaker, sent_of[i], frozenset(reported)))
    return found


def _candidates(tokens: TokenTable) -> list[int]:
    """The positions that may introduce reported speech: verbs, evidentials and "according"."""
    return [i for i, (pos, lower) in enumerate(zip(tokens.pos, tokens.lower, strict=True))
            if pos in _VERBS or lower in _EVIDENTIALS or lower == "according"]


def _reported_scope(t: TokenTable, i: int, sentence: tuple[int, int]) -> tuple[int | None, set[int]] | None:
    """(the speaker's head, None when unnamed; the reported tokens) when token `i` (in the sentence at
    positions `sentence`) introduces reported speech."""
    if t.lower[i] in _EVIDENTIALS and t.dep[i] in ("advmod", "amod"):
        return None, set(t.subtree(t.head[i]))
    if t.lower[i] == "according" and i + 1 < t.length and t.lower[i + 1] == "to":
        objects = [c for c in t.children[i + 1] if t.dep[c] == "pobj"]
        if not objects:
            return None
        own = set(t.subtree(i))
        return objects[0], {j for j in range(*sentence) if j not in own}
    if t.pos[i] not in _VERBS:
        return None
    subjects = [c for c in t.children[i] if t.dep[c] in _SUBJECTS and t.pos[c] != "PRON" or _named_pronoun(t, c)]
    if not subjects:
        return None
    clauses = [c for c in t.children[i] if t.dep[c] == "ccomp" and _finite(t, c)]
    # "X said that …" where the parser missed the clause ("that" read as a preposition): what follows "that".
    clauses += [c for c in t.children[i] if t.lower[c] == "that" and c > i and t.dep[c] in ("prep", "mark")]
    if clauses:
        return subjects[0], {j for c in clauses for j in t.subtree(c)}
    if t.dep[i] == "parataxis" and _finite(t, t.head[i]):
        own = set(t.subtree(i))
        return subjects[0], {j for j in t.subtree(t.head[i]) if j not in own}
    acts = _claimed_acts(t, i)
    if acts:
        return subjects[0], set(t.subtree(subjects[0])) | {j for act in acts for j in t.subtree(act)}
    return None


def _claimed_acts(t: TokenTable, verb: int) -> list[int]:
    """The acts a claim verb's object names ("claimed the bombing", "claimed responsibility for the attack")."""
    if VERB_TYPES.get(t.lemma_lower[verb]) != "CLAIMED":
        return []
    objects = [c for c in t.children[verb] if t.dep[c] == "dobj"]
    named = objects + [
        p for o in objects for r in t.children[o] if t.dep[r] == "prep" for p in t.children[r] if t.dep[p] == "pobj"
    ]
    return [n for n in named if t.lemma_lower[n] in EVENT_NOUN_TYPES or t.lower[n] in EVENT_NOUN_TYPES]


def _named_pronoun(t: TokenTable, i: int) -> bool:
    """A personal pronoun subject ("he said"): the anaphora step may have linked it to a name."""
    return t.dep[i] in _SUBJECTS and t.pos[i] == "PRON" and t.lower[i] in ("he", "she", "they")


def _finite(t: TokenTable, clause: int) -> bool:
    """A clause with its own subject ("the strike killed 12"), not an infinitive or a noun."""
    return t.pos[clause] in _VERBS and any(t.dep[c] in _FINITE_SUBJECTS for c in t.children[clause])


def _phrase(t: TokenTable, head: int) -> str:
    """The speaker as written, with its modifiers but without a leading article, apposition or relative
    clause ("spokesperson for the African Union", "officials in Santiago")."""
    if t.pos[head] == "PRON":
        return ""
    dropped = {j for c in t.children[head] if t.dep[c] in _NOT_SPEAKER for j in t.subtree(c)}
    words = [j for j in t.subtree(head) if j not in dropped]
    while words and t.dep[words[0]] == "det":
        words.pop(0)
    return "".join(t.text_with_ws[j] for j in words).strip()


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
    if not any(e.sentence in by_sentence for e in events):
        return
    sentences = Sentences(doc)
    for event in events:
        for report in by_sentence.get(event.sentence, []):
            people = set().union(*(tokens_of.get((p.entity, event.sentence), set()) for p in event.participants))
            if people & report.tokens and _date_token(sentences, event.sentence, event.date_text) in report.tokens:
                event.speaker = report.speaker
                break


def _date_token(sentences: Sentences, n: int, date_text: str) -> int:
    """The first token of the event's date expression in sentence `n` (-1 when not found)."""
    at = sentences.text(n).find(date_text) if date_text else -1
    if at < 0:
        return -1
    start_char = token_table(sentences.doc).idx[sentences.bounds[n][0]] + at
    span = sentences.doc.char_span(start_char, start_char + len(date_text), "expand")
    return span.start if span is not None else -1
