"""Find entity mentions in a parsed Doc: model NER, cleaned and repaired for news text.

Headlines and section headings are title-cased, where small models tag nearly any capitalised run as a
name; so their model entities are dropped and headings keep only names the body (or world knowledge)
vouches for. The same name list repairs body spans the model cut short or split ("the Northern Union in"
+ "Ruritania" → one span).
"""

from __future__ import annotations

from collections.abc import Callable

from spacy.attrs import IS_LOWER, LOWER, ORTH
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span, Token

from explorer import knowledge
from explorer.extract import attributes  # noqa: F401 - declares doc._.mentions
from explorer.extract.layout import heading_sentences, sentence_index
from explorer.extract.linking import LocalMention
from explorer.extract.spans import clean_span, strip_title
from explorer.extract.titles import english_words
from explorer.extract.vocabulary import INSTITUTION_NOUNS, NAMING_VERBS
from explorer.model import ENTITY_TYPES
from explorer.names import ORG_KINDS, TITLE_WORDS


@Language.factory("explorer_mentions", requires=["doc.ents", "doc._.definitions"], assigns=["doc._.mentions"])
def make_mentions(nlp: Language, name: str) -> Callable[[Doc], Doc]:
    """The names of a document as local mentions, each with its sentence (not keyed yet)."""
    words = english_words(nlp)

    def mentions(doc: Doc) -> Doc:
        sent_of = sentence_index(doc)
        defined = {short: long.label_ for short, long in doc._.definitions.items()}
        defined.update({long.text: long.label_ for long in doc._.definitions.values()})
        spans = find_mentions(doc, nlp.make_doc, defined, words)
        doc._.mentions = [LocalMention(span=s, label=s.label_, sentence=sent_of[s.start]) for s in spans]
        return doc

    return mentions


def find_mentions(
    doc: Doc,
    make_doc: Callable[[str], Doc],
    extra_names: dict[str, str] | None = None,
    words: frozenset[str] = frozenset(),
) -> list[Span]:
    """Entity spans of the kept types, cleaned, repaired, sorted by position, never overlapping.

    `make_doc` tokenises a name as the document was tokenised; `extra_names` maps surface forms known
    to be names in this document (abbreviations defined in it) to their type; `words` are English words,
    never a name the model missed.
    """
    sent_of = sentence_index(doc)
    headings = heading_sentences(doc)
    spans: list[Span] = []
    for ent in doc.ents:
        if ent.label_ not in ENTITY_TYPES or sent_of[ent.start] in headings:
            continue
        for piece in _cut_at_lowercase_hyphen(ent):
            cleaned = clean_span(piece)
            if cleaned is not None and _titled(cleaned):
                cleaned = Span(doc, cleaned.start, cleaned.end, label="PERSON")
            if cleaned is not None and cleaned.label_ == "PERSON" and cleaned[-1].lower_ in ORG_KINDS:
                cleaned = Span(doc, cleaned.start, cleaned.end, label="ORG")  # "… Liberation Front": a group
            if cleaned is not None and cleaned.label_ == "PERSON":
                cleaned, _ = strip_title(cleaned)
            if cleaned is not None and _looks_like_name(cleaned):
                spans.append(cleaned)
    spans = _join_adjacent_persons(spans)
    spans = _join_institution_of_place(spans)
    spans += _other_names(spans)
    spans += _missed_names(doc, spans, words, headings)
    known = {**_short_forms(spans), **(extra_names or {})}
    spans = _add_known_names(doc, spans, known, knowledge.country_surface_forms(), make_doc)
    return sorted(spans, key=lambda s: s.start)


def _other_names(spans: list[Span]) -> list[Span]:
    """"Meta Platforms, formerly known as Facebook": the model may miss the second name; the phrase
    says it is one, of the same kind."""
    taken = {t for s in spans for t in range(s.start, s.end)}
    found = []
    for span in spans:
        for verb in (c for c in span.root.children if c.dep_ == "acl" and c.lemma_ in NAMING_VERBS):
            for prep in (c for c in verb.children if c.dep_ == "prep" and c.lower_ == "as"):
                for obj in (c for c in prep.children if c.dep_ == "pobj" and c.pos_ == "PROPN"):
                    start = min(t.i for t in obj.subtree if t.pos_ == "PROPN" or t.i == obj.i)
                    name = clean_span(Span(span.doc, start, obj.i + 1, label=span.label_))
                    if name is not None and not taken & set(range(name.start, name.end)):
                        found.append(name)
    return found


def _missed_names(doc: Doc, spans: list[Span], words: frozenset[str], headings: set[int]) -> list[Span]:
    """Capitalised words the model left untagged that can only be names: written with a capital inside a
    sentence at least twice, never in lower case, standing alone (not in a run of capitalised words) and
    no English word. Taken for organisations; the type model may say otherwise."""
    if not words:
        return []
    taken = {t for s in spans for t in range(s.start, s.end)}
    strings = doc.vocab.strings
    orths, lowers, is_lower = doc.to_array([ORTH, LOWER, IS_LOWER]).reshape(len(doc), 3).T.tolist()
    lower = {strings[word] for word, flag in zip(lowers, is_lower, strict=True) if flag}
    sent_of = sentence_index(doc)
    found: dict[str, list[Span]] = {}
    # Only a capitalised word can be a missed name: the others are passed over without making their Token.
    for token in (doc[i] for i, orth in enumerate(orths) if strings[orth][:1].isupper()):
        if token.i in taken or token.is_sent_start or sent_of[token.i] in headings or not _unknown_word(token, words):
            continue
        if token.lower_ in lower or token.ent_type_ or token.tag_ not in ("NN", "NNS", "NNP", "NNPS"):
            continue
        before, after = doc[token.i - 1], doc[token.i + 1] if token.i + 1 < len(doc) else None
        if before.is_quote or before.text == ":" or (before.text[:1].isupper() and before.lower_ != "the"):
            continue
        if after is not None and after.text[:1].isupper():
            continue
        found.setdefault(token.text, []).append(Span(doc, token.i, token.i + 1, label="ORG"))
    return [span for spans_of in found.values() if len(spans_of) >= 2 for span in spans_of]


def _unknown_word(token: Token, words: frozenset[str]) -> bool:
    """A capitalised word (not in capitals) that is no English word, singular or plural."""
    text, lower = token.text, token.lower_
    if not text[:1].isupper() or text.isupper() or len(text) < 3 or lower in TITLE_WORDS:
        return False
    return not ({lower, token.lemma_.lower(), lower[:-1] if lower.endswith("s") else lower} & words)


def _titled(span: Span) -> bool:
    """"Chancellor Olaf Scholz" tagged ORG: a capitalised title right before a short name marks a person."""
    if span.label_ == "PERSON" or span.start == 0 or len(span) > 3:
        return False
    before = span.doc[span.start - 1]
    return before.is_title and before.lower_ in TITLE_WORDS and before.ent_type_ not in ENTITY_TYPES


def _short_forms(spans: list[Span]) -> dict[str, str]:
    """Shorter forms the model may miss on their own: a person's surname ("Odegaard" of "Martin
    Odegaard") and an organisation without its kind ("Meridian" of "Meridian Pharmaceuticals").
    A form two different names could give is left out."""
    found: dict[str, tuple[str, set[str]]] = {}
    for span in spans:
        form = ""
        if span.label_ == "PERSON" and len(span) >= 2:
            last = span[-1]
            if last.is_title and len(last.text) > 2 and not last.is_stop:
                form = last.text
        elif span.label_ == "ORG" and len(span) >= 2 and span[0].is_title:
            words = [t.lower_ for t in span]
            cut = len(words)
            while cut > 1 and words[cut - 1] in ORG_KINDS:
                cut -= 1
            form = span[:cut].text if cut < len(words) else ""
        if form:
            found.setdefault(form, (span.label_, set()))[1].add(span.text)
    names = {s.text for s in spans}
    return {form: label for form, (label, fulls) in found.items() if len(fulls) == 1 and form not in names}


def _cut_at_lowercase_hyphen(span: Span) -> list[Span]:
    """"NATO-led mission" style spans end at the hyphen: the lower-case tail is not part of the name."""
    pieces, start = [], span.start
    for token in span:
        nxt = token.nbor() if token.i + 1 < len(token.doc) else None
        if token.text == "-" and nxt is not None and nxt.is_lower and token.i > start:
            pieces.append(Span(span.doc, start, token.i, label=span.label_))
            start = span.end
            break
    if start < span.end:
        pieces.append(Span(span.doc, start, span.end, label=span.label_))
    return pieces


def _looks_like_name(span: Span) -> bool:
    """Obvious non-names: no capital letter at all, bare numbers, a single character."""
    text = span.text
    if len(text) < 2 or not any(ch.isupper() for ch in text):
        return False
    return any(ch.isalpha() for ch in text)


def _join_adjacent_persons(spans: list[Span]) -> list[Span]:
    """Two PERSON spans that touch ("Amy Berman" + "Jackson") are one name the model split."""
    spans = sorted(spans, key=lambda s: s.start)
    joined: list[Span] = []
    for span in spans:
        prev = joined[-1] if joined else None
        if (
            prev is not None
            and prev.label_ == span.label_ == "PERSON"
            and prev.end == span.start
            and not prev[-1].is_punct
        ):
            joined[-1] = Span(span.doc, prev.start, span.end, label="PERSON")
        else:
            joined.append(span)
    return joined


def _join_institution_of_place(spans: list[Span]) -> list[Span]:
    """"U.S. District Court" + "for the" + "Southern District" + "of" + "Ohio" is one court."""
    joined: list[Span] = []
    chaining = False
    for span in sorted(spans, key=lambda s: s.start):
        prev = joined[-1] if joined else None
        if prev is not None and (chaining or prev[-1].lower_ in INSTITUTION_NOUNS) and _linked_by_of(prev, span):
            joined[-1] = Span(span.doc, prev.start, span.end, label=prev.label_)
            chaining = span.label_ != "GPE"
            continue
        joined.append(span)
        chaining = False
    return joined


def _linked_by_of(left: Span, right: Span) -> bool:
    gap = [t.lower_ for t in left.doc[left.end : right.start]]
    return left.label_ == "ORG" and gap in (["for"], ["of"], ["for", "the"], ["of", "the"])


def _add_known_names(
    doc: Doc, spans: list[Span], extra: dict[str, str], countries: list[str], make_doc: Callable[[str], Doc]
) -> list[Span]:
    """Find every occurrence of a known name; a longer match replaces the shorter spans inside it."""
    label_of = dict(extra)
    for span in spans:
        label_of.setdefault(span.text, span.label_)
    matcher = PhraseMatcher(doc.vocab, attr="ORTH")
    for name in label_of:
        matcher.add(name, [make_doc(name)])
    country_matcher = _country_matcher(doc.vocab, make_doc, tuple(countries))
    for name in countries:
        label_of.setdefault(name, "GPE")
    taken = _Taken(spans)
    found = list(matcher(doc)) + list(country_matcher(doc))
    matches = sorted(set(found), key=lambda m: (-(m[2] - m[1]), m[1]))
    for match_id, start, end in matches:
        name = doc.vocab.strings[match_id]
        numbers = taken.overlapping(start, end)
        overlapping = [taken[n] for n in numbers]
        if any(s.start < start or s.end > end or (s.start == start and s.end == end) for s in overlapping):
            continue
        if not _is_word_boundary(doc, start, end):
            continue
        taken.remove(numbers)
        label = _label_for(name, overlapping, label_of)
        taken.add(Span(doc, start, end, label=label))
    return taken.spans()


class _Taken:
    """Spans in the order they were taken, found by token: a long text has thousands of spans and of
    matches, and comparing every match with every span took seconds."""

    def __init__(self, spans: list[Span]) -> None:
        self._spans: dict[int, Span] = {}  # by order taken
        self._at: dict[int, set[int]] = {}  # token → order numbers of the spans over it
        self._next = 0
        for span in spans:
            self.add(span)

    def add(self, span: Span) -> None:
        self._spans[self._next] = span
        for token in range(span.start, span.end):
            self._at.setdefault(token, set()).add(self._next)
        self._next += 1

    def __getitem__(self, number: int) -> Span:
        return self._spans[number]

    def overlapping(self, start: int, end: int) -> list[int]:
        """The order numbers of the spans sharing a token with [start, end), in the order taken."""
        return sorted(set().union(*(self._at.get(token, ()) for token in range(start, end))))

    def remove(self, numbers: list[int]) -> None:
        for number in numbers:
            span = self._spans.pop(number)
            for token in range(span.start, span.end):
                self._at[token].discard(number)

    def spans(self) -> list[Span]:
        return list(self._spans.values())


_COUNTRY_MATCHERS: dict[tuple[int, int], PhraseMatcher] = {}


def _country_matcher(vocab, make_doc: Callable[[str], Doc], countries: tuple[str, ...]) -> PhraseMatcher:
    """Country names as patterns, built once per vocabulary (hundreds of names, every document)."""
    key = (id(vocab), hash(countries))
    if key not in _COUNTRY_MATCHERS:
        matcher = PhraseMatcher(vocab, attr="ORTH")
        for name in countries:
            matcher.add(name, [make_doc(name)])
        _COUNTRY_MATCHERS[key] = matcher
    return _COUNTRY_MATCHERS[key]


def _label_for(name: str, replaced: list[Span], label_of: dict[str, str]) -> str:
    if name in label_of:
        return label_of[name]
    return replaced[0].label_ if replaced else "ORG"


def _is_word_boundary(doc: Doc, start: int, end: int) -> bool:
    """A match glued to a letter ("Oman" inside "Omanx") is not a mention."""
    before = doc[start - 1] if start > 0 else None
    return not (before is not None and not before.whitespace_ and before.text[-1:].isalpha())

