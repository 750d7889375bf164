"""Labelled form controls: every control has a visible <label> tied to it (screen readers, tests)."""

import reflex as rx


def field_error(message) -> rx.Component:
    return rx.cond(message, rx.el.p(message, class_name="field-error", role="alert"))


def text_field(label: str, id: str, value, on_change, type: str = "text", error=None,
               placeholder: str = "", **props) -> rx.Component:
    return rx.el.div(
        rx.el.label(label, html_for=id),
        rx.el.input(id=id, type=type, value=value, on_change=on_change, placeholder=placeholder, **props),
        field_error(error) if error is not None else rx.fragment(),
        class_name="field",
    )


def text_area(label: str, id: str, value, on_change, error=None, rows: int = 6, **props) -> rx.Component:
    return rx.el.div(
        rx.el.label(label, html_for=id),
        rx.el.textarea(id=id, value=value, on_change=on_change, rows=rows, **props),
        field_error(error) if error is not None else rx.fragment(),
        class_name="field",
    )


def select_field(label: str, id: str, options: list[tuple[str, str]], value, on_change) -> rx.Component:
    return rx.el.div(
        rx.el.label(label, html_for=id),
        rx.el.select(*[rx.el.option(text, value=val) for val, text in options],
                     id=id, value=value, on_change=on_change),
        class_name="field",
    )


def notice(message, kind: str = "success") -> rx.Component:
    return rx.cond(message, rx.el.p(message, class_name=f"notice {kind}", role="status"))
