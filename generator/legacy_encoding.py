"""Vietnamese typed in a legacy encoding (TCVN3, VNI), found in a text.

Typed with Unikey set to TCVN3 (ABC) or VNI and shown in a .Vn/VNI font, Vietnamese is
stored as Latin-1 letters and signs: "Sở" becomes "Së" (TCVN3) or "Sôû" (VNI), and
reaches the report unreadable. A word is a legacy suspect when it is not a Vietnamese
syllable as stored but becomes one once decoded from the encoding; a text is refused
when a third of its words (of two characters or more, holding more than ASCII letters)
are suspects, two suspects at least, or one among three words or more. Real Vietnamese
is never a suspect, and French or German words hardly ever decode to a syllable (a
lone "où" does: hence the minimum).
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass

_TONES = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}

# TCVN3 (TCVN 5712:1993, «ABC»): one byte per letter, read here through Latin-1.
_TCVN3 = dict(
    zip(
        "µ¸¶·¹¨»¾¼½Æ©ÇÊÈÉË®ÌÐÎÏÑªÒÕÓÔÖ×ÝØÜÞßãáâä«åèæçé¬êíëìîïóñòô\xadõøö÷ùúýûüþ¡¢§£¤¥¦",
        "àáảãạăằắẳẵặâầấẩẫậđèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵĂÂĐÊÔƠƯ",
        strict=True,
    )
)
# VNI: a base letter followed by its marks; đ, ơ, ư and the toned i and y are one byte.
_VNI_LETTERS = dict(zip("ñôöíìæóòîÑÔÖÍÌÆÓÒÎ", "đơưíìỉĩịỵĐƠƯÍÌỈĨỊỴ", strict=True))
_VNI_MARKS = {
    **dict.fromkeys("ùÙ", "\u0301"),
    **dict.fromkeys("øØ", "\u0300"),
    **dict.fromkeys("ûÛ", "\u0309"),
    **dict.fromkeys("õÕ", "\u0303"),
    **dict.fromkeys("ïÏ", "\u0323"),
    **dict.fromkeys("âÂ", "\u0302"),
    **dict.fromkeys("áÁ", "\u0302\u0301"),
    **dict.fromkeys("àÀ", "\u0302\u0300"),
    **dict.fromkeys("åÅ", "\u0302\u0309"),
    **dict.fromkeys("ãÃ", "\u0302\u0303"),
    **dict.fromkeys("äÄ", "\u0302\u0323"),
    **dict.fromkeys("êÊ", "\u0306"),
    **dict.fromkeys("éÉ", "\u0306\u0301"),
    **dict.fromkeys("èÈ", "\u0306\u0300"),
    **dict.fromkeys("úÚ", "\u0306\u0309"),
    **dict.fromkeys("üÜ", "\u0306\u0303"),
    **dict.fromkeys("ëË", "\u0306\u0323"),
}
_VOWELS = "aeiouy"

# A Vietnamese syllable without its tone: initial consonant, vowel nucleus (with its
# closing semivowel), final consonant.
_SYLLABLE = re.compile(
    "(?:ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdđghklmnprstvx])?"
    # a nucleus that may take a final consonant, or one closed by a semivowel
    "(?:(?P<open>uyê|iê|yê|uô|ươ|oa|oă|oe|uâ|uê|uy|oo|[aăâeêioôơuưy])(?:ch|ng|nh|[cmnpt])?"
    "|(?P<closed>iêu|yêu|oai|oay|oao|oeo|uây|uôi|ươi|ươu|uya|uyu"
    "|ai|ao|au|ay|âu|ây|eo|êu|ia|iu|oi|ôi|ơi|ua|ui|ưa|ưi|ưu))"
)
# A word: letters and the Latin-1 signs the legacy encodings use for letters.
_WORD = re.compile(r"[^\W\d_]+(?:[\u00a1-\u00ff][^\W\d_]*)*|[\u00a1-\u00ff]+[^\W\d_]*")
_LEGACY_ENCODING_NAMES = {"tcvn3": "TCVN3 (ABC)", "vni": "VNI"}


def _is_syllable(word: str) -> bool:
    """A Vietnamese syllable, at most one tone, cased as a word is: "Sở", "nghiêng", "QUỐC"
    (not "huÊn", where TCVN3 stores "ấ" as "Ê")."""
    if not (word.islower() or word.isupper() or word.istitle()):
        return False
    letters = [unicodedata.normalize("NFD", char) for char in word.casefold()]
    toned = [i for i, letter in enumerate(letters) if any(mark in _TONES for mark in letter)]
    if len(toned) > 1 or any(len(letter) > 3 for letter in letters):
        return False
    if toned and letters[toned[0]][0] not in _VOWELS:  # "ñ" is not a toned "n"
        return False
    toneless = "".join(
        unicodedata.normalize("NFC", "".join(m for m in letter if m not in _TONES))
        for letter in letters
    )
    match = _SYLLABLE.fullmatch(toneless)
    if match is None:
        return False
    # A tone never sits on the semivowel closing a syllable: "mão", not "maõ".
    return not (toned and match["closed"] and toned[0] == len(toneless) - 1)


def _from_tcvn3(word: str) -> str:
    return "".join(_TCVN3.get(char, char) for char in word)


def _from_vni(word: str) -> str:
    letters: list[str] = []
    for char in word:
        mark = _VNI_MARKS.get(char)
        base = unicodedata.normalize("NFD", letters[-1])[0].casefold() if letters else ""
        if mark and base and base in _VOWELS:
            combined = unicodedata.normalize("NFC", letters[-1] + mark)
            if len(combined) == 1:
                letters[-1] = combined
                continue
        letters.append(_VNI_LETTERS.get(char, char))
    return "".join(letters)


_DECODERS = {"tcvn3": _from_tcvn3, "vni": _from_vni}
# Every character the decoders change is a Latin-1 letter or sign.
_LEGACY_SIGN = re.compile("[\u00a1-\u00ff]")
assert all(_LEGACY_SIGN.fullmatch(char) for char in (*_TCVN3, *_VNI_LETTERS, *_VNI_MARKS))


@functools.lru_cache(maxsize=1 << 16)
def _legacy_reading(encoding: str, word: str) -> str | None:
    """``word`` decoded from ``encoding`` when it is a legacy suspect, else None.

    Remembered: the same words come back in every agency's results, and checking a word
    (two decodings, syllable matching) was a fifth of a workbook's reading time.
    """
    decoded = _DECODERS[encoding](word)
    if decoded != word and not _is_syllable(word) and _is_syllable(decoded):
        return decoded
    return None


@dataclass(frozen=True)
class LegacyEncoding:
    """A text that looks typed in a legacy encoding: its name and words read both ways."""

    name: str
    examples: list[tuple[str, str]]


def detect_legacy_encoding(text: str) -> LegacyEncoding | None:
    """TCVN3 (ABC) or VNI when at least two words, and a third of the words holding
    other than plain ASCII letters, are legacy suspects; None otherwise."""
    if _LEGACY_SIGN.search(text) is None:
        return None  # no word can decode to anything else
    # One-character words are left out: a lone sign («, ·, ®) or letter (ª, À) says
    # nothing, and real words in a legacy encoding are mostly longer.
    words = [word for word in _WORD.findall(text) if not word.isascii() and len(word) > 1]
    best: LegacyEncoding | None = None
    for key in _DECODERS:
        suspects = []
        for word in words:
            decoded = _legacy_reading(key, word)
            if decoded is not None:
                suspects.append((word, decoded))
        # One suspect alone is enough only among three words or more ("Caàm Thò Bình").
        enough = 3 * len(suspects) >= len(words) and len(suspects) + len(words) >= 4
        if enough and (best is None or len(suspects) > len(best.examples)):
            best = LegacyEncoding(_LEGACY_ENCODING_NAMES[key], suspects)
    return best


def legacy_message(found: LegacyEncoding, place: str) -> str:
    """What to tell of ``found``; ``place``: what the clerk converts («ô này», «dòng này»)."""
    shown = ", ".join(f"«{word}» là «{decoded}»" for word, decoded in found.examples[:3])
    return (
        f"chữ có vẻ được gõ bằng bảng mã {found.name} ({shown}), văn bản sẽ in ra chữ "
        "không đọc được; hãy gõ lại bằng bảng mã Unicode (Unikey: chọn bảng mã Unicode), "
        f"hoặc chuyển mã {place} từ {found.name} sang Unicode bằng công cụ chuyển mã của Unikey"
    )
