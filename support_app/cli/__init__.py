"""Command-line tools: evaluate, bench, bench_queue, reindex, and the app launcher (devserver) the
end-to-end tests and the queue benchmark use. Run as `python -m support_app.cli.<tool>`."""
