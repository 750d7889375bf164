"""Knowledge-base articles and company policies of the sample store, Brightcart: one Markdown file
per article in ``articles/`` (the file name is the slug), with a front matter block:

    ---
    title: How to return an item
    category: product_return   (empty for none)
    kind: article              (article | policy)
    ---

Every number in them (days, fees, hours) is the single source of the store's rules: the sample
tickets' resolutions quote the same figures, and the tests check a few of them.
"""

from pathlib import Path

FOLDER = Path(__file__).with_name("articles")
FRONT_MATTER_KEYS = {"title", "category", "kind"}


def parse(path: Path) -> dict:
    """One article file as {slug, title, category, kind, body}; ValueError for a malformed file."""
    text = path.read_text(encoding="utf-8")
    if not text.startswith("---\n") or "\n---\n" not in text[3:]:
        raise ValueError(f"{path.name}: no front matter (--- ... ---) at the top")
    head, body = text[4:].split("\n---\n", 1)
    fields = {}
    for line in head.splitlines():
        key, sep, value = line.partition(":")
        if not sep or key.strip() not in FRONT_MATTER_KEYS:
            raise ValueError(f"{path.name}: unexpected front matter line {line!r}")
        fields[key.strip()] = value.strip()
    if set(fields) != FRONT_MATTER_KEYS:
        raise ValueError(f"{path.name}: front matter needs {sorted(FRONT_MATTER_KEYS)}")
    return {"slug": path.stem, "title": fields["title"], "category": fields["category"] or None,
            "kind": fields["kind"], "body": body}


def load(folder: Path = FOLDER) -> list[dict]:
    return [parse(path) for path in sorted(folder.glob("*.md"))]


ARTICLES: list[dict] = load()
