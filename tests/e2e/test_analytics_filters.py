"""Analytics in a real browser: a filter changes the plotted data and the URL, the URL restores the
filter in a new page, and the tickets CSV holds exactly the filtered rows."""

import csv
import io
from pathlib import Path
from urllib.parse import parse_qs, urlparse

from playwright.sync_api import expect

from tests.e2e.conftest import login

SCREENSHOT = Path(__file__).parent.parent.parent / ".pytest_cache" / "analytics.png"
PLOT_DATA = """key => {
  const plot = document.querySelector(`#chart-${key} .js-plotly-plot`);
  return plot && plot.data ? plot.data.map(t => ({name: t.name, x: Array.from(t.x), y: Array.from(t.y)})) : null;
}"""


def plot(page, key: str):
    page.wait_for_function(f"() => {{ const p = document.querySelector('#chart-{key} .js-plotly-plot');"
                           " return p && p.data && p.data.length > 0; }")
    return page.evaluate(PLOT_DATA, key)


def total(traces) -> float:
    return sum(v or 0 for t in traces for v in t["y"])


def test_filters_change_charts_url_and_csv(app_url, context_factory):
    context = context_factory()
    page = context.new_page()
    login(page, app_url, "agent@example.com")
    page.goto(f"{app_url}/analytics?range=90")
    expect(page.locator("#range")).to_have_value("90")
    everything = plot(page, "priority_mix")
    new_all = int(page.locator("#kpi-new .stat").inner_text())
    assert total(everything) == new_all > 0

    page.select_option("#filter-category", "shipping_issue")
    page.wait_for_function("() => location.search.includes('category=shipping_issue')")  # replaceState
    page.wait_for_function(f"() => {{ const p = document.querySelector('#chart-priority_mix .js-plotly-plot');"
                           f" return p && p.data && p.data[0].y.reduce((a, b) => a + b, 0) !== {new_all}; }}")
    shipping = plot(page, "priority_mix")
    assert shipping != everything and 0 < total(shipping) < total(everything)
    volume = plot(page, "volume")
    assert {t["name"] for t in volume if total([t]) > 0} == {"Shipping issue"}
    new_shipping = int(page.locator("#kpi-new .stat").inner_text())
    assert new_shipping == total(shipping)
    expect(page.locator("#summary-priority_mix")).to_contain_text("Priority mix")

    params = parse_qs(urlparse(page.url).query)
    assert params["range"] == ["90"] and params["category"] == ["shipping_issue"]

    with page.expect_download() as download_info:
        page.locator("#download-tickets").click()
    rows = list(csv.DictReader(io.StringIO(open(download_info.value.path(), encoding="utf-8").read())))
    assert len(rows) == new_shipping and {r["category"] for r in rows} == {"shipping_issue"}
    assert "description" not in rows[0]

    with page.expect_download() as chart_download:
        page.get_by_role("button", name="Download CSV: Priority mix").click()
    chart_rows = list(csv.reader(io.StringIO(open(chart_download.value.path(), encoding="utf-8").read())))
    assert chart_rows[0] == ["Priority", "series", "Tickets"]
    assert sum(int(r[2]) for r in chart_rows[1:]) == new_shipping

    shared = context.new_page()
    shared.goto(page.url)
    expect(shared.locator("#filter-category")).to_have_value("shipping_issue")
    expect(shared.locator("#range")).to_have_value("90")
    assert plot(shared, "priority_mix") == shipping
    page.screenshot(path=str(SCREENSHOT), full_page=True)

    shared.goto(f"{app_url}/analytics?range=90&category=%3DSUM(A1)")
    expect(shared.get_by_role("status").filter(has_text="Unknown category")).to_be_visible()
    expect(shared.locator("#range")).to_have_value("30")

    anonymous = context_factory().new_page()
    anonymous.goto(f"{app_url}/analytics?range=7")
    anonymous.wait_for_url(lambda u: "/login" in u)
    # the URL changes before the login page replaces the analytics layout: wait for the login form
    expect(anonymous.get_by_role("button", name="Log in")).to_be_visible()
    expect(anonymous.locator("#kpis")).to_have_count(0)
