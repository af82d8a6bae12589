"""One spelling per email address, and no lookalikes.

An address is normalised the way people read it: Unicode NFKC (so a full-width "ａ" is an "a")
and case-folded. Characters that hide or pretend are refused outright, so nobody can hold an
account that reads exactly like someone else's: invisible and control characters (a zero-width
space), letters that pass for others (dotless ı, long ſ), and addresses that mix alphabets
(a Cyrillic "а" among Latin letters).
"""

from __future__ import annotations

import unicodedata

MAX_LENGTH = 254  # RFC 5321's limit on a forward path, less the angle brackets

LOOKALIKES = {
    "\u0131": "dotless ı",
    "\u017f": "long ſ",
    "\u0138": "kra ĸ",
}
HIDDEN_CATEGORIES = {"Cc", "Cf", "Co", "Cn", "Zs", "Zl", "Zp", "Mn", "Me"}


class LookalikeEmail(ValueError):
    """The address holds a character that hides or passes for another; the message says which."""


def _script(char: str) -> str | None:
    if not char.isalpha():
        return None
    return unicodedata.name(char, "UNKNOWN").split(" ")[0]


def normalise(address: str) -> str:
    """The one spelling of an address, or LookalikeEmail saying what is wrong with it."""
    raw = address.strip()
    text = unicodedata.normalize("NFKC", raw)
    for char in text:
        if unicodedata.category(char) in HIDDEN_CATEGORIES:
            raise LookalikeEmail(
                f"The address contains an invisible or special character (U+{ord(char):04X}). "
                "Type it again by hand."
            )
    # Before normalising: NFKC quietly turns a long ſ into an s.
    for char in raw:
        if char in LOOKALIKES:
            raise LookalikeEmail(
                f"The address contains a {LOOKALIKES[char]}, a letter easily taken for another. "
                "Use the plain letter."
            )
    scripts = {_script(c) for c in text} - {None}
    if len(scripts) > 1:
        raise LookalikeEmail(
            "The address mixes letters of different alphabets, which can make it look like "
            "someone else's. Use one alphabet."
        )
    return text.casefold()
