"""Knowledge editor `/knowledge` (admins): articles and company policies with versions."""

import reflex as rx

from support_app.components.forms import notice, select_field, text_area, text_field
from support_app.components.layout import page
from support_app.models import CATEGORIES
from support_app.services.translations import LANGUAGES
from support_app.state.formatting import label
from support_app.state.documents import UPLOAD_ID, DocumentsState
from support_app.state.knowledge import KnowledgeState
from support_app.state.knowledge_usage import KnowledgeUsageState


def article_list() -> rx.Component:
    return rx.el.section(
        rx.el.div(rx.el.h2("Articles"), rx.el.button("New article", on_click=KnowledgeState.new_article,
                                                     class_name="btn secondary"), class_name="row"),
        rx.el.table(
            rx.el.thead(rx.el.tr(rx.el.th("Title"), rx.el.th("Kind"), rx.el.th("Status"), rx.el.th("v"))),
            rx.el.tbody(rx.foreach(KnowledgeState.articles, lambda a: rx.el.tr(
                rx.el.td(rx.el.button(a["title"], on_click=KnowledgeState.edit(a["id"]), class_name="linkish"),
                         rx.cond(a["tags"], rx.el.small(" · ", a["tags"]))),
                rx.el.td(a["kind"]),
                rx.el.td(a["status"], rx.cond(a["indexed"], rx.el.span(" · ", a["indexed"], class_name="field-error"))),
                rx.el.td(a["version"])))),
        ),
        class_name="card",
    )


def editor() -> rx.Component:
    return rx.el.section(
        rx.el.h2(rx.cond(KnowledgeState.editing_id > 0, "Edit article", "New article")),
        text_field("Title", "kb-title", KnowledgeState.title, KnowledgeState.set_title),
        rx.el.div(
            text_area("Body (Markdown)", "kb-body", KnowledgeState.body, KnowledgeState.set_body, rows=14),
            rx.el.div(rx.el.h3("Preview"), rx.html(KnowledgeState.preview_html, class_name="md-preview"),
                      role="region", aria_label="Preview"),
            class_name="grid2",
        ),
        text_field("Tags (comma-separated)", "kb-tags", KnowledgeState.tags, KnowledgeState.set_tags),
        rx.el.div(
            select_field("Category", "kb-category", [("none", "None")] + [(c, label(c)) for c in CATEGORIES],
                         KnowledgeState.category, KnowledgeState.set_category),
            select_field("Kind", "kb-kind", [("article", "Article"), ("policy", "Company policy")],
                         KnowledgeState.kind, KnowledgeState.set_kind),
            select_field("Status", "kb-status", [("published", "Published"), ("draft", "Draft"),
                                                 ("archived", "Archived")],
                         KnowledgeState.status, KnowledgeState.set_status),
            class_name="row",
        ),
        notice(KnowledgeState.message, "success"),
        notice(KnowledgeState.error, "error"),
        rx.cond(KnowledgeState.index_error != "",
                rx.el.p("Not indexed: drafts do not use this text yet (", KnowledgeState.index_error, "). ",
                        rx.el.button("Retry indexing", on_click=KnowledgeState.retry_index, class_name="btn secondary"),
                        class_name="notice error")),
        rx.el.button("Save article", on_click=KnowledgeState.save, class_name="btn"),
        rx.cond(KnowledgeState.editing_id > 0, version_history()),
        rx.cond(KnowledgeState.editing_id > 0, translation_editor()),
        class_name="card",
    )


def version_history() -> rx.Component:
    """Every saved version (who, when); any two side by side; restoring one saves it as a new version."""
    versions = rx.foreach(KnowledgeState.history, lambda v: rx.el.option("v", v["version"], " · ", v["at"],
                                                                          value=v["version"].to(str)))
    return rx.el.div(
        rx.el.h3("Versions"),
        rx.el.ul(rx.foreach(KnowledgeState.history, lambda v: rx.el.li(
            "v", v["version"], " · ", v["editor"], " · ", v["at"], " · ", v["title"], " · ", v["note"], " ",
            rx.cond(v["version"] != KnowledgeState.editing_version,
                    rx.el.button("Restore", on_click=KnowledgeState.restore(v["version"]), class_name="linkish",
                                 aria_label="Restore version " + v["version"].to(str))))),
            aria_label="Versions"),
        rx.el.div(
            rx.el.div(rx.el.label("Compare version", html_for="kb-diff-old"),
                      rx.el.select(versions, id="kb-diff-old", value=KnowledgeState.diff_old,
                                   on_change=KnowledgeState.set_diff_old), class_name="field"),
            rx.el.div(rx.el.label("with version", html_for="kb-diff-new"),
                      rx.el.select(versions, id="kb-diff-new", value=KnowledgeState.diff_new,
                                   on_change=KnowledgeState.set_diff_new), class_name="field"),
            rx.el.button("Show differences", on_click=KnowledgeState.show_diff, class_name="btn secondary"),
            class_name="row",
        ),
        rx.cond(KnowledgeState.diff_rows.length() > 0, rx.el.table(
            rx.el.thead(rx.el.tr(rx.el.th(""), rx.el.th("Version ", KnowledgeState.diff_old), rx.el.th(""),
                                 rx.el.th("Version ", KnowledgeState.diff_new))),
            rx.el.tbody(rx.foreach(KnowledgeState.diff_rows, lambda r: rx.el.tr(
                rx.el.td(r["old_number"]), rx.el.td(r["old"], class_name="diff-old"),
                rx.el.td(r["new_number"]), rx.el.td(r["new"], class_name="diff-new"),
                class_name="diff-" + r["change"].to(str)))),
            aria_label="Differences", class_name="diff")),
    )


def retrieval_tester() -> rx.Component:
    """What drafts would retrieve for a customer question, in the order they use it."""
    return rx.el.section(
        rx.el.h2("Test retrieval"),
        text_area("Customer question", "kb-question", KnowledgeState.question, KnowledgeState.set_question, rows=3),
        rx.el.button("Test retrieval", on_click=KnowledgeState.test_retrieval, class_name="btn secondary"),
        notice(KnowledgeState.retrieval_error, "error"),
        rx.el.ol(rx.foreach(KnowledgeState.retrieved, lambda i: rx.el.li(
            rx.el.strong(i["kind"], " #", i["id"], ": ", i["title"]), " (", i["similarity"], ")",
            rx.el.br(), rx.el.small(i["passage"]))), aria_label="Retrieved"),
        rx.el.ul(rx.foreach(KnowledgeState.retrieval_notes, lambda n: rx.el.li(n, class_name="muted"))),
        class_name="card",
    )


def usage_panel() -> rx.Component:
    """Which knowledge drafts use (last 90 days) and what is missing (last 30 days)."""
    return rx.el.section(
        rx.el.div(rx.el.h2("Usage"), rx.el.button("Refresh", on_click=KnowledgeUsageState.load_usage,
                                                  class_name="btn secondary"), class_name="row"),
        rx.el.table(
            rx.el.thead(rx.el.tr(rx.el.th("Article or document"), rx.el.th("Retrieved"),
                                 rx.el.th("Cited in sent replies"), rx.el.th("CSAT of those tickets"))),
            rx.el.tbody(rx.foreach(KnowledgeUsageState.usage_rows, lambda r: rx.el.tr(
                rx.el.td(r["kind"], " #", r["id"], ": ", r["title"]), rx.el.td(r["retrieved"]),
                rx.el.td(r["cited"]), rx.el.td(r["csat"])))),
            aria_label="Knowledge usage",
        ),
        rx.el.h3("Gaps: what to write next"),
        rx.el.p("Recent tickets whose best knowledge match was below the relevance threshold.", class_name="muted"),
        rx.el.ul(rx.foreach(KnowledgeUsageState.gap_groups, lambda g: rx.el.li(
            rx.el.strong(g["category"], ": ", g["count"], " tickets"),
            rx.el.ul(rx.foreach(g["examples"].to(list[str]), lambda e: rx.el.li(e, class_name="muted"))))),
            aria_label="Knowledge gaps"),
        class_name="card",
    )


def translation_editor() -> rx.Component:
    """The article in other languages: tickets in a language get its version when there is one."""
    return rx.el.div(
        rx.el.h3("Translations"),
        rx.el.ul(rx.foreach(KnowledgeState.translations, lambda t: rx.el.li(
            rx.el.button(t["name"], on_click=KnowledgeState.set_tr_language(t["language"]), class_name="linkish"),
            " · ", t["title"], " · v", t["version"], " · ", t["editor"], " · ", t["at"])),
            aria_label="Translations"),
        select_field("Translation language", "kb-tr-language", list(LANGUAGES.items()),
                     KnowledgeState.tr_language, KnowledgeState.set_tr_language),
        text_field("Translation heading", "kb-tr-title", KnowledgeState.tr_title, KnowledgeState.set_tr_title),
        text_area("Translation text", "kb-tr-body", KnowledgeState.tr_body, KnowledgeState.set_tr_body, rows=10),
        rx.el.button("Save translation", on_click=KnowledgeState.save_translation, class_name="btn secondary"),
    )


def document_row(d) -> rx.Component:
    return rx.el.tr(
        rx.el.td(d["title"], rx.el.br(), rx.el.small(d["filename"], " · v", d["version"])),
        rx.el.td(rx.cond(d["status"] == "failed",
                         rx.el.span("failed: ", d["error"], class_name="field-error"), d["status"])),
        rx.el.td(d["size"]), rx.el.td(d["passages"]), rx.el.td(d["uploaded"]),
        rx.el.td(
            rx.cond(d["status"] != "indexed",
                    rx.el.button("Retry", on_click=DocumentsState.retry(d["id"]), class_name="btn secondary")),
            rx.el.button("Replace", on_click=DocumentsState.choose_replace(d["id"]), class_name="btn secondary"),
            rx.el.button("Delete", on_click=DocumentsState.delete(d["id"]), class_name="btn secondary",
                         aria_label="Delete document"),
        ),
    )


def documents_panel() -> rx.Component:
    """Company documents (text, Markdown, HTML, PDF): split into passages that drafts cite."""
    return rx.el.section(
        rx.el.h2("Company documents"),
        rx.el.table(
            rx.el.thead(rx.el.tr(rx.el.th("Document"), rx.el.th("Status"), rx.el.th("Size"), rx.el.th("Passages"),
                                 rx.el.th("Uploaded"), rx.el.th(""))),
            rx.el.tbody(rx.foreach(DocumentsState.documents, document_row)),
            aria_label="Company documents",
        ),
        rx.cond(DocumentsState.replace_id > 0,
                rx.el.p("The next upload replaces document #", DocumentsState.replace_id, " ",
                        rx.el.button("Cancel", on_click=DocumentsState.cancel_replace, class_name="linkish")),
                text_field("Document title (optional)", "doc-title", DocumentsState.doc_title,
                           DocumentsState.set_doc_title)),
        rx.upload.root(
            rx.el.div(rx.el.button("Choose file", type="button", class_name="btn secondary"),
                      rx.el.span(rx.selected_files(UPLOAD_ID).join(", "), id="doc-selected")),
            id=UPLOAD_ID, multiple=False, max_files=1,  # any type: the server names what it accepts
        ),
        rx.el.button("Upload document", id="doc-upload-button", class_name="btn",
                     on_click=DocumentsState.upload(rx.upload_files(upload_id=UPLOAD_ID))),
        notice(DocumentsState.doc_message, "success"),
        notice(DocumentsState.doc_error, "error"),
        class_name="card",
    )


@rx.page(route="/knowledge", title="Support · Knowledge base",
         on_load=[KnowledgeState.load, DocumentsState.load_documents, KnowledgeUsageState.load_usage])
def knowledge() -> rx.Component:
    return page("Knowledge base", rx.el.div(article_list(), editor(), class_name="grid2"), retrieval_tester(),
                documents_panel(), usage_panel())
