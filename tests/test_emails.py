"""Email addresses have one spelling and cannot pass for someone else's (pure, no database)."""

import re

import pytest

from accounts.emails import LookalikeEmail, normalise


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("Ana@Example.COM", "ana@example.com"),
        ("  ana@example.com ", "ana@example.com"),
        ("ａｎａ@example.com", "ana@example.com"),  # full-width letters, NFKC
        ("ANA@EXAMPLE.COM", "ana@example.com"),
        ("josé@exemple.fr", "josé@exemple.fr"),  # one alphabet, accents kept
        ("jose\u0301@exemple.fr", "josé@exemple.fr"),  # e + combining accent composes to é
        ("info@xn--mnchen-3ya.de", "info@münchen.de"),  # punycode read as the letters it is
        ("ana@Straße.DE", "ana@straße.de"),  # lower case; folding would make it strasse.de
        ("ivan@пример.рф", "ivan@пример.рф"),  # a Latin name at a Cyrillic domain: each is one
        ("ivan@xn--e1afmkfd.xn--p1ai", "ivan@пример.рф"),  # the same, as a browser sends it
    ],
)
def test_addresses_are_normalised_to_one_spelling(typed, stored):
    assert normalise(typed) == stored


@pytest.mark.parametrize(
    ("typed", "words"),
    [
        ("ana\u200b@example.com", "invisible or special character (U+200B)"),  # zero-width space
        ("ana\u00ad@example.com", "invisible or special character (U+00AD)"),  # soft hyphen
        ("an\u0131@example.com", "dotless ı"),
        ("\u017fam@example.com", "long ſ"),
        ("p\u0430ypal@example.com", "mixes letters of different alphabets"),  # Cyrillic а
        # What a browser sends for ana@exаmple.com (a Cyrillic а): the domain in punycode.
        ("ana@xn--exmple-4nf.com", "mixes letters of different alphabets"),
        ("ana@example.com\ufeff", "invisible or special character (U+FEFF)"),  # a pasted BOM
    ],
)
def test_lookalike_and_hidden_characters_are_refused_with_a_reason(typed, words):
    with pytest.raises(LookalikeEmail, match=re.escape(words)):
        normalise(typed)
