"""Person names: comparison keys that ignore the ways one name gets spelt."""

from __future__ import annotations

import re
import unicodedata

# Apostrophes and breves carry McCune–Reischauer aspiration and vowel quality, which readers and
# OCR drop freely; hyphens, spaces and middle dots vary between editions.
_IGNORED = re.compile(r"['’‘`ʼ´\-‐‑–·\s.]+")


def name_key(form: str) -> str:
    """A key equal for `Ch'oe Ch'ang-ik`, `Choe Chang-ik`, `Ch’oe Ch’angik` and `choe changik`."""
    decomposed = unicodedata.normalize("NFKD", form)
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    # recompose so that hangul stays in syllables rather than loose jamo
    return _IGNORED.sub("", unicodedata.normalize("NFC", stripped)).casefold()
