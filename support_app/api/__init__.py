"""The REST API (FastAPI), mounted at /api in the app's own process and port (support_app.py)."""
