"""Text out of an uploaded company document, as blocks (section heading, page, paragraph), and
passages built from them for retrieval.

Formats: plain text, Markdown, HTML (text only, via the stdlib `html.parser`: nothing is rendered,
scripts and styles are skipped) and PDF (`pypdf` text extraction, no OCR). Every failure is a
`ValidationError` with a message for the person who uploaded the file.
"""

import io
import logging
import re
from dataclasses import dataclass
from html.parser import HTMLParser

from support_app.services.errors import ValidationError

log = logging.getLogger(__name__)

FORMATS = {".txt": "text", ".text": "text", ".md": "markdown", ".markdown": "markdown",
           ".html": "html", ".htm": "html", ".pdf": "pdf"}
PASSAGE_TOKENS = 160  # encoder tokens per passage (USE reads about a paragraph well)
OVERLAP_TOKENS = 32  # the last sentences of a passage open the next one in the same section

# Control characters other than tab/newline/carriage return (and form feed in PDFs, between pages).
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f\u2028\u2029]")
_CONTROL_NAME = re.compile(r"[\x00-\x1f\x7f\u2028\u2029]")
_MD_HEADING = re.compile(r"^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$")
_MD_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_MD_MARKS = re.compile(r"(\*\*|__|`|^\s*(?:[-*+]|\d+[.)])\s+|^\s*>\s?)", re.M)
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")
_SPACE = re.compile(r"[ \t\u00a0]+")


@dataclass(frozen=True)
class Block:
    section: str
    page: int | None
    text: str


@dataclass(frozen=True)
class Passage:
    section: str
    page: int | None
    text: str
    tokens: int


def file_format(filename: str) -> str:
    """The format named by the file's extension, or ValidationError."""
    if _CONTROL_NAME.search(filename):
        raise ValidationError({"file": "The file name contains control characters; rename the file and upload it again."})
    name = filename.strip()
    if not name or len(name) > 255:
        raise ValidationError({"file": "The file needs a name of at most 255 characters."})
    suffix = ("." + name.rsplit(".", 1)[1].lower()) if "." in name else ""
    if suffix not in FORMATS:
        raise ValidationError({"file": f"Unsupported file type {suffix or '(none)'}: upload plain text (.txt), "
                                       "Markdown (.md), HTML (.html) or PDF (.pdf)."})
    return FORMATS[suffix]


def _decode(data: bytes) -> str:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ValidationError({"file": "The file is not UTF-8 text."}) from None
    return _checked(text)


def _checked(text: str) -> str:
    if _CONTROL.search(text):
        raise ValidationError({"file": "The file's text contains control characters; it may be a binary file."})
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _paragraphs(text: str) -> list[str]:
    return [_SPACE.sub(" ", " ".join(p.split())).strip() for p in re.split(r"\n\s*\n", text) if p.strip()]


def _plain_text_blocks(text: str, page: int | None = None) -> list[Block]:
    return [Block("", page, p) for p in _paragraphs(text)]


def _markdown_blocks(text: str) -> list[Block]:
    blocks: list[Block] = []
    section, lines = "", []

    def flush():
        body = _MD_MARKS.sub("", _MD_LINK.sub(r"\1", "\n".join(lines)))
        blocks.extend(Block(section, None, p) for p in _paragraphs(body))
        lines.clear()

    for line in text.split("\n"):
        heading = _MD_HEADING.match(line)
        if heading:
            flush()
            section = _MD_MARKS.sub("", heading.group(2)).strip()[:200]
        else:
            lines.append(line)
    flush()
    return blocks


class _HtmlText(HTMLParser):
    """Text of an HTML page: headings start sections, block elements end paragraphs."""

    SKIP = {"script", "style", "template", "noscript", "head", "svg", "iframe", "object"}
    HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
    BREAKS = {"p", "div", "li", "br", "tr", "section", "article", "ul", "ol", "table", "blockquote", "pre",
              "dd", "dt", "hr", "main", "header", "footer", "td", "th"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[Block] = []
        self.section = ""
        self._skip = 0
        self._heading: list[str] | None = None
        self._text: list[str] = []

    def _flush(self) -> None:
        text = _SPACE.sub(" ", " ".join("".join(self._text).split())).strip()
        if text:
            self.blocks.append(Block(self.section, None, text))
        self._text = []

    def handle_starttag(self, tag, attrs):
        if tag in self.SKIP:
            self._skip += 1
        elif tag in self.HEADINGS:
            self._flush()
            self._heading = []
        elif tag in self.BREAKS:
            self._flush()

    def handle_endtag(self, tag):
        if tag in self.SKIP:
            self._skip = max(0, self._skip - 1)
        elif tag in self.HEADINGS and self._heading is not None:
            self.section = " ".join("".join(self._heading).split())[:200]
            self._heading = None
        elif tag in self.BREAKS:
            self._flush()

    def handle_data(self, data):
        if self._skip:
            return
        (self._heading if self._heading is not None else self._text).append(data)

    def close(self):
        super().close()
        self._flush()


def _html_blocks(text: str) -> list[Block]:
    parser = _HtmlText()
    parser.feed(text)
    parser.close()
    return parser.blocks


def _pdf_blocks(data: bytes) -> list[Block]:
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            raise ValidationError({"file": "The PDF is encrypted; upload it without a password."})
        pages = [page.extract_text() or "" for page in reader.pages]
    except ValidationError:
        raise
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, IndexError, OSError) as exc:
        log.info("unreadable PDF: %s", exc)
        raise ValidationError({"file": "The PDF could not be read (it looks damaged)."}) from None
    blocks: list[Block] = []
    for number, page_text in enumerate(pages, start=1):
        blocks += _plain_text_blocks(_checked(page_text.replace("\x0c", "\n")), page=number)
    return blocks


def extract(data: bytes, fmt: str) -> list[Block]:
    """The document's text blocks, or ValidationError (empty, no text, control characters, damaged)."""
    if not data:
        raise ValidationError({"file": "The file is empty."})
    if fmt == "pdf":
        if not data.startswith(b"%PDF-"):
            raise ValidationError({"file": "The PDF could not be read (it does not start like a PDF)."})
        blocks = _pdf_blocks(data)
    elif fmt == "markdown":
        blocks = _markdown_blocks(_decode(data))
    elif fmt == "html":
        blocks = _html_blocks(_decode(data))
    else:
        blocks = _plain_text_blocks(_decode(data))
    if not any(b.text.strip() for b in blocks):
        what = "The PDF has no text layer (scanned pages are not read: no OCR)" if fmt == "pdf" \
            else "The file has no text"
        raise ValidationError({"file": f"{what}."})
    return blocks


def split_passages(blocks: list[Block], count_tokens, max_tokens: int = PASSAGE_TOKENS,
                   overlap_tokens: int = OVERLAP_TOKENS) -> list[Passage]:
    """Passages of whole sentences up to `max_tokens` encoder tokens, never across a section or
    page; consecutive passages of one section share up to `overlap_tokens` of sentences."""
    passages: list[Passage] = []
    group: list[Block] = []

    def emit(sentences: list[tuple[str, int]], section: str, page: int | None):
        passages.append(Passage(section, page, " ".join(s for s, _ in sentences), sum(n for _, n in sentences)))

    def close_group():
        if not group:
            return
        section, page = group[0].section, group[0].page
        current: list[tuple[str, int]] = []
        size = 0
        fresh = 0  # sentences in `current` not yet in an emitted passage
        for block in group:
            for sentence in _SENTENCE_END.split(block.text):
                sentence = sentence.strip()
                if not sentence:
                    continue
                tokens = max(1, count_tokens(sentence))
                if current and size + tokens > max_tokens and fresh:
                    emit(current, section, page)
                    kept: list[tuple[str, int]] = []
                    for item in reversed(current):
                        if sum(n for _, n in kept) + item[1] > overlap_tokens:
                            break
                        kept.insert(0, item)
                    current, size, fresh = kept, sum(n for _, n in kept), 0
                current.append((sentence, tokens))
                size += tokens
                fresh += 1
        if fresh:
            emit(current, section, page)
        group.clear()

    for block in blocks:
        if group and (block.section, block.page) != (group[0].section, group[0].page):
            close_group()
        group.append(block)
    close_group()
    return passages
