"""Article Markdown as safe HTML for the editor's live preview.

`markdown-it-py` (CommonMark, the parser `rich` already brings in; pinned) with raw HTML switched
off, so any tag in the text is shown as text, and its link check, which refuses `javascript:`,
`vbscript:`, `file:` and `data:` targets (those links are left as plain text). Links open with
`rel="noopener noreferrer nofollow"`.
"""

from markdown_it import MarkdownIt

_MD = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False}).enable("table")


def _link_open(renderer, tokens, idx, options, env):
    tokens[idx].attrSet("rel", "noopener noreferrer nofollow")
    return renderer.renderToken(tokens, idx, options, env)


_MD.add_render_rule("link_open", _link_open)


def render(markdown: str) -> str:
    """HTML that shows the Markdown's text, headings, lists, emphasis, tables and safe links only."""
    return _MD.render(markdown or "")
