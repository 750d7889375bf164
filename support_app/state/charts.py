"""Plotly figures, text summaries and data tables from the analytics service's chart data (for state/analytics.py)."""

import plotly.graph_objects as go

from support_app.services.analytics import ChartData
from support_app.state.formatting import label

COUNT_LABELS = {"Tickets", "Replies", "Deflections", "Escalated tickets"}
PALETTE = ["#4f46e5", "#dc2626", "#059669", "#d97706", "#0891b2", "#7c3aed", "#db2777", "#65a30d"]


def _series(chart: ChartData) -> dict[str, list[dict]]:
    grouped: dict[str, list[dict]] = {}
    for row in chart.rows:
        grouped.setdefault(row["series"], []).append(row)
    return grouped


def _x(value: str) -> str:
    return label(value) if "_" in value or value.islower() else value


def figure(chart: ChartData) -> go.Figure:
    """Bars (grouped or stacked) or lines, one trace per series, with title, axis titles and hover values."""
    fig = go.Figure()
    for i, (name, rows) in enumerate(_series(chart).items()):
        xs, ys = [_x(r["x"]) for r in rows], [r["value"] for r in rows]
        shown = label(name) if name else chart.y_label
        hover = f"{chart.x_label}: %{{x}}<br>{shown}: %{{y}}<extra></extra>"
        color = PALETTE[i % len(PALETTE)]
        if chart.kind == "line":
            fig.add_trace(go.Scatter(x=xs, y=ys, name=shown, mode="lines+markers", hovertemplate=hover,
                                     line={"color": color}, connectgaps=False))
        else:
            fig.add_trace(go.Bar(x=xs, y=ys, name=shown, hovertemplate=hover, marker_color=color))
    fig.update_layout(title=chart.title, barmode="stack" if chart.kind == "stacked" else "group", height=340,
                      autosize=True, margin=dict(l=50, r=10, t=50, b=90), showlegend=len(_series(chart)) > 1,
                      xaxis_title=chart.x_label, yaxis_title=chart.y_label)
    return fig


def _number(value) -> str:
    if value is None:
        return "no data"
    return f"{value:g}" if isinstance(value, float) else str(value)


def summary(chart: ChartData) -> str:
    """One sentence a screen reader (or anyone) can read instead of the chart."""
    if not any(r["value"] not in (None, 0) for r in chart.rows):
        return f"{chart.title}: no data for these filters."
    parts = []
    for name, rows in _series(chart).items():
        values = [r for r in rows if r["value"] is not None]
        shown_name = label(name) if name else chart.y_label
        if not any(r["value"] for r in values):
            continue  # a series without data says nothing
        if len(rows) > 8:  # a long series (days): its total or mean and its peak
            top = max(values, key=lambda r: r["value"])
            amount = sum(r["value"] for r in values)
            what = (f"total {_number(amount)}" if chart.y_label in COUNT_LABELS else
                    f"mean {_number(round(amount / len(values), 2))}")
            parts.append(f"{shown_name}: {what}, highest {_number(top['value'])} at {_x(top['x'])}")
        else:
            shown = ", ".join(f"{_x(r['x'])} {_number(r['value'])}" for r in values)
            parts.append(f"{label(name)}: {shown}" if name else shown)
    return f"{chart.title} ({chart.y_label} by {chart.x_label[:1].lower() + chart.x_label[1:]}). " + "; ".join(parts) + "."


def table(chart: ChartData) -> list[list[str]]:
    """The chart's data as rows of text: x, series, value."""
    return [[_x(r["x"]), label(r["series"]), _number(r["value"])] for r in chart.rows]
