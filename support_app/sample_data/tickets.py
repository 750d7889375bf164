"""Historical, resolved tickets of the sample store, built from the hand-written texts in
``ticket_scenarios.json``.

That file holds, per category, `scenarios` (one kind of request written out as several tickets:
`variants` are `[subject, description]` or `[subject, description, priority]`; `resolution` is one
template or one per variant; `products` are used in turn; a ticket gets an order number when a text
uses `{order}` or `order` is true) and `international` tickets (one each, in another language).
Texts may use `{order}`, `{product}`, `{name}` and `{first}` (the customer's first name).

Everything is deterministic: the same seed always yields the same tickets, order numbers,
ages, resolution times and satisfaction scores.
"""

import json
import random
from pathlib import Path

from support_app.sample_data.customers import CUSTOMERS, CUSTOMERS_BY_LANGUAGE

SCENARIOS_FILE = Path(__file__).with_name("ticket_scenarios.json")
BY_CATEGORY: dict[str, dict] = json.loads(SCENARIOS_FILE.read_text(encoding="utf-8"))

_SEED = 20260101

# Resolution targets per priority (hours), as in the escalation policy and the app settings.
_RESOLUTION_TARGET_HOURS = {"urgent": 8, "high": 24, "medium": 72, "low": 120}


def _first_name(email: str) -> str:
    for customer in CUSTOMERS:
        if customer["email"] == email:
            return customer["name"].split()[0]
    raise KeyError(email)


class _Builder:
    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.used_orders: set[str] = set()
        writes_other_language = {e for emails in CUSTOMERS_BY_LANGUAGE.values() for e in emails}
        self.english_customers = [c["email"] for c in CUSTOMERS if c["email"] not in writes_other_language]
        self._queue: list[str] = []

    def english_customer(self) -> str:
        """Customers in a shuffled rotation, so each has a similar number of tickets."""
        if not self._queue:
            self._queue = self.rng.sample(self.english_customers, len(self.english_customers))
        return self._queue.pop()

    def order_number(self) -> str:
        while True:
            number = f"ORD-{self.rng.randint(10000, 99999)}"
            if number not in self.used_orders:
                self.used_orders.add(number)
                return number

    def hours_to_resolve(self, priority: str) -> float:
        target = _RESOLUTION_TARGET_HOURS[priority]
        if self.rng.random() < 0.12:  # some tickets miss their target
            hours = target * self.rng.uniform(1.05, 2.2)
        else:
            hours = target * self.rng.uniform(0.05, 0.95)
        return round(max(hours, 0.3), 1)

    def csat(self, priority: str, hours: float) -> int | None:
        if self.rng.random() < 0.22:  # the survey was not answered
            return None
        if hours > _RESOLUTION_TARGET_HOURS[priority]:
            weights = [12, 18, 30, 25, 15]
        else:
            weights = [3, 5, 12, 30, 50]
        return self.rng.choices([1, 2, 3, 4, 5], weights=weights)[0]

    def ticket(self, category, language, email, priority, tags, subject, description, resolution,
               product, wants_order) -> dict:
        texts = (subject, description, resolution)
        order = self.order_number() if wants_order or any("{order}" in t for t in texts) else None
        name = _first_name(email)
        values = {"order": order or "", "product": product, "name": name, "first": name}
        hours = self.hours_to_resolve(priority)
        return {
            "customer_email": email,
            "subject": subject.format_map(values),
            "description": description.format_map(values),
            "category": category,
            "priority": priority,
            "resolution": resolution.format_map(values),
            "days_ago": self.rng.randint(1, 365),
            "hours_to_resolve": hours,
            "order_number": order,
            "language": language,
            "tags": list(tags),
            "csat": self.csat(priority, hours),
        }

    def build(self) -> list[dict]:
        tickets = []
        for category, texts in BY_CATEGORY.items():
            for spec in texts["scenarios"]:
                for index, variant in enumerate(spec["variants"]):
                    subject, description, *override = variant
                    resolution = spec["resolution"]
                    if isinstance(resolution, list):
                        resolution = resolution[index]
                    products = spec["products"]
                    tickets.append(self.ticket(
                        category, "en", self.english_customer(),
                        override[0] if override else spec["priority"], spec["tags"],
                        subject, description, resolution,
                        products[index % len(products)], spec["order"],
                    ))
            for item in texts["international"]:
                email = self.rng.choice(CUSTOMERS_BY_LANGUAGE[item["language"]])
                tickets.append(self.ticket(
                    category, item["language"], email, item["priority"], item["tags"],
                    item["subject"], item["description"], item["resolution"], "", item["order"],
                ))
        tickets.sort(key=lambda t: -t["days_ago"])  # oldest first, like a real history
        return tickets


TICKETS: list[dict] = _Builder(_SEED).build()
