"""The shape of a hand-written ticket scenario (used by the modules in ``texts/``)."""


def scenario(
    priority: str,
    tags: list[str],
    variants: list[tuple],
    resolution: str | list[str],
    products: list[str] | None = None,
    order: bool = True,
) -> dict:
    """One kind of request, written out as several tickets.

    ``variants`` holds ``(subject, description)`` or ``(subject, description, priority)``
    tuples: each becomes one ticket. Texts may use ``{order}``, ``{product}``, ``{name}``
    (the customer's first name) and ``{first}`` (the same, for the agent's greeting).
    ``resolution`` is one template for every variant or one per variant. ``products``
    are used in turn by the variants. A ticket gets an order number when one of its texts
    uses ``{order}``, or else when ``order`` is true (the customer picked the order in the form).
    """
    return {
        "priority": priority,
        "tags": tags,
        "variants": variants,
        "resolution": resolution,
        "products": products or [""],
        "order": order,
    }


def intl(
    language: str,
    priority: str,
    tags: list[str],
    subject: str,
    description: str,
    resolution: str,
    order: bool = True,
) -> dict:
    """One ticket written in a language other than English (same placeholders)."""
    return {
        "language": language,
        "priority": priority,
        "tags": tags,
        "subject": subject,
        "description": description,
        "resolution": resolution,
        "order": order,
    }
