"""One spelling per email address, and no lookalikes.

An address is normalised the way people read it: Unicode NFKC (a full-width "ａ" is an "a"),
the domain as letters rather than punycode, and lower case. Characters that hide or pretend
are refused, so nobody can hold an account that reads exactly like someone else's: invisible
and control characters (a zero-width space), letters that pass for others (dotless ı, long ſ),
and a name that mixes alphabets (a Cyrillic "а" among Latin letters). The part before the @
and each label of the domain must each keep to one alphabet; "ivan@пример.рф" is fine.

Lower case, not full Unicode case folding: folding turns "straße.de" into "strasse.de",
which is someone else's domain.
"""

from __future__ import annotations

import unicodedata

MAX_LENGTH = 254  # RFC 5321's limit on a forward path, less the angle brackets

LOOKALIKES = {
    "\u0131": "dotless ı",
    "\u017f": "long ſ",
    "\u0138": "kra ĸ",
}
HIDDEN = {"Cc", "Cf", "Co", "Cn", "Zs", "Zl", "Zp"}
MARKS = {"Mn", "Me"}  # combining marks: part of some scripts' domains, never of a local part


class LookalikeEmail(ValueError):
    """The address holds a character that hides or passes for another; the message says which."""


def _readable(domain: str) -> str:
    """The domain as people read it: browsers send "exаmple" as "xn--exmple-4nf"."""
    if "xn--" not in domain.lower():
        return domain
    try:
        return domain.encode("ascii").decode("idna")
    except UnicodeError:
        return domain


def _script(char: str) -> str | None:
    if not char.isalpha():
        return None
    return unicodedata.name(char, "UNKNOWN").split(" ")[0]


def _one_alphabet(part: str) -> bool:
    return len({_script(c) for c in part} - {None}) <= 1


def normalise(address: str) -> str:
    """The one spelling of an address, or LookalikeEmail saying what is wrong with it."""
    raw = address.strip()
    # Before NFKC, which quietly turns a long ſ into an s.
    for char in raw:
        if char in LOOKALIKES:
            raise LookalikeEmail(
                f"The address contains a {LOOKALIKES[char]}, a letter easily taken for another. "
                "Use the plain letter."
            )
    local, at, domain = unicodedata.normalize("NFKC", raw).rpartition("@")
    if not at:
        return unicodedata.normalize("NFKC", raw).lower()  # not an address: the form says so
    domain = unicodedata.normalize("NFKC", _readable(domain))
    for part, refused in ((local, HIDDEN | MARKS), (domain, HIDDEN)):
        for char in part:
            if unicodedata.category(char) in refused:
                raise LookalikeEmail(
                    f"The address contains an invisible or special character "
                    f"(U+{ord(char):04X}). Type it again by hand."
                )
    if not all(_one_alphabet(part) for part in (local, *domain.split("."))):
        raise LookalikeEmail(
            "The address mixes letters of different alphabets, which can make it look like "
            "someone else's. Use one alphabet."
        )
    return f"{local.lower()}@{domain.lower()}"


def normalise_leniently(address: str) -> str:
    """An address already stored (from before these rules): normalised when it can be."""
    try:
        return normalise(address)
    except LookalikeEmail:
        return address.strip().lower()
