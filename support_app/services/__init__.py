"""The domain: tickets, triage, customers, knowledge, analytics, accounts, jobs (no Reflex here).

`services/ai` never reads the database; the shared classifier it builds is trained through the
function registered below (services/training.py reads the labelled tickets)."""

from support_app.services.ai import shared as _shared


def _train_shared_classifier():
    from support_app.services.training import train_from_database

    return train_from_database()


_shared.train_classifier_with(_train_shared_classifier)
