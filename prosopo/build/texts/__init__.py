"""Reading the source texts: finding them, checking them, and cutting them into passages."""
