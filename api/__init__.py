"""The REST API: a thin layer that turns HTTP requests into calls of prosopo's core."""
