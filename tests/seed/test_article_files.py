"""Sample articles are Markdown files with a front matter block; a malformed one is refused by name."""

import pytest

from support_app.sample_data import articles


def test_every_article_file_parses_with_its_slug_from_the_file_name():
    found = articles.load()
    assert len(found) == len(list(articles.FOLDER.glob("*.md"))) > 20
    returns = next(a for a in found if a["slug"] == "how-to-return-an-item")
    assert (returns["title"], returns["category"], returns["kind"]) == ("How to return an item", "product_return",
                                                                       "article")
    assert returns["body"].startswith("# How to return an item\n")


@pytest.mark.parametrize("text, message", [
    ("# No front matter\n\nBody.", "no front matter"),
    ("---\ntitle: T\ncategory:\nkind: article\nauthor: me\n---\nBody", "unexpected front matter line"),
    ("---\ntitle: T\nkind: article\n---\nBody", "front matter needs"),
])
def test_a_malformed_article_file_is_refused(tmp_path, text, message):
    path = tmp_path / "broken.md"
    path.write_text(text)
    with pytest.raises(ValueError, match=message):
        articles.parse(path)
