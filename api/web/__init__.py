"""The web interface for historians: server-rendered pages under /ui/ (routes, views, charts)."""
