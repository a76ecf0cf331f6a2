"""prosopo: a prosopography database of the North Korean leadership, 1945–1970."""

__version__ = "0.1.0"
