"""Evidence for a ticket: similar resolved tickets and knowledge passages, by cosine similarity.

The ticket is embedded once; that one vector queries all three collections. No `where` filters on
this path: the collections only hold what may feed a draft (see `vector_store`).
"""

import json
import re
from dataclasses import dataclass

import numpy as np

from support_app.services.ai.language import detect_language
from support_app.services.ai.training_data import ticket_text  # one text for classifier and retrieval
from support_app.services.ai.types import ArticleHit, Evidence, SimilarTicket, TicketInput
from support_app.services.ai.vector_store import (
    DOCUMENTS, KNOWLEDGE_BASE, TICKETS, VectorStore, VectorStoreError,
)

PASSAGE_MAX_CHARS = 700
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")
_HEADING = re.compile(r"^\s{0,3}(#{1,6})\s+(.*)$")
_LIST_MARKER = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+")
_LINK = re.compile(r"\[([^\]]+)\]\([^)]*\)")


def _plain(line: str) -> str:
    """One markdown line as plain text, ending like a sentence."""
    line = _LINK.sub(r"\1", _LIST_MARKER.sub("", line))
    line = re.sub(r"(\*\*|__|`)", "", line).strip()
    if line and line[-1] not in ".!?:":
        line += "."
    return line


def _sections(body: str) -> list[tuple[str, list[str]]]:
    """(heading, plain lines) per section; the top-level heading is the article's title, dropped."""
    sections: list[tuple[str, list[str]]] = [("", [])]
    for raw in body.splitlines():
        heading = _HEADING.match(raw)
        if heading:
            if len(heading.group(1)) > 1:
                sections.append((_plain(heading.group(2)).rstrip(".:!?") + ":", []))
            continue
        line = _plain(raw)
        if line:
            sections[-1][1].append(line)
    return [(h, lines) for h, lines in sections if lines]


def chunk_article(body: str, max_chars: int = PASSAGE_MAX_CHARS) -> list[str]:
    """Split a markdown article into plain-text passages, one or more per section. A passage is
    its section heading (a line ending in ":") and whole sentences, one line per paragraph or
    list item, so drafts can quote sentences from it."""
    passages: list[str] = []
    for heading, lines in _sections(body):
        sentences_per_line = [_SENTENCE_END.split(line) for line in lines]
        current: list[str] = [heading] if heading else []
        size = len(heading)
        for sentences in sentences_per_line:
            line = ""
            for sentence in sentences:
                if size + len(line) + len(sentence) + 1 > max_chars and (line or len(current) > bool(heading)):
                    if line:
                        current.append(line)
                    passages.append("\n".join(current))
                    current, size, line = ([heading] if heading else []), len(heading), ""
                line = f"{line} {sentence}".strip()
            current.append(line)
            size += len(line) + 1
        if len(current) > bool(heading):
            passages.append("\n".join(current))
    return passages


def passage_text(title: str, passage: str) -> str:
    """The text embedded for an article passage: the title gives short passages their topic."""
    return f"{title}\n{passage}"


@dataclass
class Retriever:
    store: VectorStore
    embedder: object  # has .embed(list[str]) -> np.ndarray
    k_tickets: int = 5
    k_passages: int = 4
    min_similarity: float = 0.25  # USE multilingual: unrelated pairs score about 0.1-0.2, related 0.3-0.6

    def embed(self, ticket: TicketInput) -> np.ndarray:
        return self.embedder.embed([ticket_text(ticket.subject, ticket.description)])[0]

    def similar_tickets(self, embedding: np.ndarray, k: int | None = None) -> list[SimilarTicket]:
        hits = self.store.query(TICKETS, embedding, k or self.k_tickets)
        return [
            SimilarTicket(
                ticket_id=int(h.metadata.get("ticket_id", 0)), subject=str(h.metadata.get("subject", "")),
                category=str(h.metadata.get("category", "")), resolution=str(h.metadata.get("resolution", "")),
                similarity=h.similarity,
            )
            for h in hits if h.similarity >= self.min_similarity
        ]

    def articles(self, embedding: np.ndarray, k: int | None = None, language: str | None = None) -> list[ArticleHit]:
        """Best passages from help articles and policy documents together, best first. An article
        with a version in `language` is given as that version (title and whole text, once)."""
        k = k or self.k_passages
        hits = self.store.query(KNOWLEDGE_BASE, embedding, k) + self.store.query(DOCUMENTS, embedding, k)
        hits.sort(key=lambda h: h.similarity, reverse=True)
        found: list[ArticleHit] = []
        translated: set[int] = set()
        for h in hits[:k]:
            if h.similarity < self.min_similarity:
                continue
            kind = str(h.metadata.get("kind", "article"))
            if kind == "document":
                found.append(_document_hit(h))
                continue
            article_id = int(h.metadata.get("article_id", 0))
            version = _version(h.metadata, language)
            if version is None and h.metadata.get("language"):
                continue  # a passage of a version in another language: the original's passages stand for it
            if version is None:
                found.append(ArticleHit(article_id, str(h.metadata.get("title", "")), kind, h.document, h.similarity))
            elif article_id not in translated:
                translated.add(article_id)
                found.append(ArticleHit(article_id, version["title"], kind, version["body"], h.similarity))
        return found

    def retrieve(self, ticket: TicketInput, embedding: np.ndarray | None = None) -> Evidence:
        """Raises VectorStoreError when Chroma fails; the pipeline turns that into empty evidence.
        Articles come in the ticket's language when they have a version in it."""
        if embedding is None:
            embedding = self.embed(ticket)
        return Evidence(similar_tickets=self.similar_tickets(embedding),
                        articles=self.articles(embedding, language=detect_language(ticket.text)))


def _document_hit(hit) -> ArticleHit:
    """A passage of an uploaded company document, cited with its section and page."""
    section, page = str(hit.metadata.get("section", "")), int(hit.metadata.get("page", 0) or 0)
    location = ", ".join(([f"section {section}"] if section else []) + ([f"page {page}"] if page else []))
    return ArticleHit(int(hit.metadata.get("document_id", 0)), str(hit.metadata.get("title", "")), "document",
                      hit.document, hit.similarity, location)


def _version(metadata: dict, language: str | None) -> dict[str, str] | None:
    """The article's `language` version ({title, body}) from its passage metadata, if it has one."""
    if not language or not metadata.get("translations"):
        return None
    try:
        version = json.loads(str(metadata["translations"])).get(language)
    except (ValueError, AttributeError):
        return None
    if not isinstance(version, dict) or not version.get("body"):
        return None
    return {"title": str(version.get("title", "")), "body": str(version["body"])}


__all__ = ["Retriever", "VectorStoreError", "chunk_article", "passage_text", "ticket_text"]
