"""The HTML page of `evaluate --report`: reliability diagram, confusion matrices, per-language table."""

from pathlib import Path


def write_report(summary: dict, title: str, path: Path) -> None:
    import plotly.graph_objects as go
    from plotly.io import to_html

    parts = [f"<h1>{_escape(title)}</h1>"]
    curve = summary.get("category_reliability") or {"accuracy": [], "confidence": []}
    figure = go.Figure([
        go.Scatter(x=[0, 1], y=[0, 1], mode="lines", name="perfect", line={"dash": "dash"}),
        go.Scatter(x=curve["confidence"], y=curve["accuracy"], mode="lines+markers", name="category"),
    ])
    figure.update_layout(title=f"Reliability of the category probability (ECE {summary.get('category_ece')})",
                         xaxis_title="predicted probability", yaxis_title="share right")
    parts.append(to_html(figure, include_plotlyjs="inline", full_html=False))
    for task in ("category", "priority"):
        matrix = summary[task].get("confusion") or {}
        labels = list(matrix)
        if labels:
            heat = go.Figure(go.Heatmap(z=[[matrix[t][p] for p in labels] for t in labels], x=labels, y=labels,
                                        colorscale="Blues", text=[[matrix[t][p] for p in labels] for t in labels],
                                        texttemplate="%{text}"))
            heat.update_layout(title=f"{task}: confusion (rows truth, columns predicted)",
                               yaxis={"autorange": "reversed"})
            parts.append(to_html(heat, include_plotlyjs=False, full_html=False))
    parts.append(_table(summary))
    path.write_text("<!doctype html><html><head><meta charset='utf-8'><title>Triage evaluation</title></head>"
                    "<body>" + "\n".join(parts) + "</body></html>", encoding="utf-8")


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _cell(value) -> str:
    return "-" if value is None else (f"{value:.3f}" if isinstance(value, float) else _escape(str(value)))


def _table(summary: dict) -> str:
    rows = ["<table border='1' cellpadding='4'><caption>Per language</caption><tr><th>language</th>"
            "<th>n</th><th>category macro-F1</th><th>category macro-F1 (sklearn default)</th>"
            "<th>priority macro-F1</th><th>priority macro-F1 (sklearn default)</th><th>escalation rate</th></tr>"]
    category, priority = summary["category"]["per_language"], summary["priority"]["per_language"]
    escalation = summary.get("escalation_rate_per_language", {})
    for lang in sorted(set(category) | set(priority)):
        c, p = category.get(lang, {}), priority.get(lang, {})
        rows.append("<tr>" + "".join(f"<td>{_cell(v)}</td>" for v in (
            lang, c.get("n"), c.get("macro_f1"), c.get("macro_f1_sklearn"), p.get("macro_f1"),
            p.get("macro_f1_sklearn"), escalation.get(lang, {}).get("rate"))) + "</tr>")
    rows.append("</table>")
    return "".join(rows)
