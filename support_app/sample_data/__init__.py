"""Sample data the app seeds: customers, resolved historical tickets and knowledge-base articles.

Data files (articles/*.md with front matter, ticket_scenarios.json) read by plain Python, no
database or Reflex code; ``seed.py`` loads it.
"""

from support_app.sample_data.articles import ARTICLES
from support_app.sample_data.customers import CUSTOMERS
from support_app.sample_data.tickets import TICKETS

__all__ = ["ARTICLES", "CUSTOMERS", "TICKETS"]
