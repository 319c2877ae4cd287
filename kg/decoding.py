"""A file's bytes → its text, the encoding told by the bytes alone.

UTF-8, UTF-16 and UTF-32 by their marks or their NUL bytes; else GB18030 or
Big5, whichever reads as Chinese text; mojibake and binary files are refused.
"""
from __future__ import annotations

import codecs
import re
from functools import cache
from pathlib import Path

from .errors import KGError
from .lexicon import read_lexicon


_BOMS = ((codecs.BOM_UTF32_LE, "utf-32-le"), (codecs.BOM_UTF32_BE, "utf-32-be"),
         (codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"),
         (codecs.BOM_UTF16_BE, "utf-16-be"))
_CODEC_NAMES = {"utf-8": "UTF-8", "utf-16-le": "UTF-16 LE", "utf-16-be": "UTF-16 BE",
                "utf-32-le": "UTF-32 LE", "utf-32-be": "UTF-32 BE", "gb18030": "GB18030",
                "big5": "Big5", "cp950": "Big5 (CP950)", "big5hkscs": "Big5-HKSCS"}
# Big5 as files hold it: the standard, Microsoft's (ETEN extensions, €), Hong Kong's; the first that fits.
_BIG5_CODECS = ("big5", "cp950", "big5hkscs")
# A reading is Chinese text when at least this share of its non-ASCII characters are common
# ones (kg/lexicons/common_chars.txt): news text has 90% and more, GB18030 read from Big5
# bytes about 12% (under 40% in 99 files of 100 from ten characters on).
CHINESE_SHARE = 0.5
# A reading with fewer non-ASCII characters is too short to judge: it is never refused.
MIN_JUDGED = 6
# Control characters other than tab, line feed, vertical tab, form feed and
# carriage return. C1 controls (U+0080–U+009F) are left out: no GB18030 or
# Big5 reading of stray bytes gives one, so they are text someone wrote.
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")
BINARY_CONTROLS = 4     # a text may hold a few stray controls; more, and one per 1,000 characters, is binary


def _looks_binary(text: str) -> bool:
    return len(_CONTROL.findall(text)) > max(BINARY_CONTROLS, len(text) // 1000)


def decode(data: bytes, path: str | Path) -> str:
    """The text of a file's bytes, its encoding told by the bytes alone.

    Needs the raw bytes, and the path for messages. Tries, in order: a
    byte-order mark (UTF-8, UTF-16, UTF-32), BOM-less UTF-16 (recognised by
    where its NUL bytes fall), UTF-8, then GB18030 (a superset of GBK and
    GB2312) or Big5, whichever reads as Chinese text (``chinese_codec``).
    Gives the text with a byte-order mark removed and nothing else changed.
    Raises ``KGError`` for an empty, binary or undecodable file, and for one
    that neither GB18030 nor Big5 reads as Chinese text (mojibake).
    """
    text, _ = decode_with_encoding(data, path)
    return text


def decode_with_encoding(data: bytes, path: str | Path) -> tuple[str, str]:
    """Like ``decode``, and also the name of the codec that was used."""
    where = str(path)
    if not data:
        raise KGError("empty file", where)
    codec, skip = detect_encoding(data, where)
    try:
        text = data[skip:].decode(codec)
    except UnicodeDecodeError as error:
        raise KGError(f"cannot decode: not valid {_CODEC_NAMES[codec]} "
                      f"(bad byte at offset {error.start + skip})", where) from None
    if not text.strip():
        raise KGError("empty file", where)
    if _looks_binary(text):
        raise KGError("binary file, not text", where)
    return text, codec


def detect_encoding(data: bytes, where: str = "") -> tuple[str, int]:
    """The codec of ``data`` and the length of its byte-order mark.

    Raises ``KGError`` when the bytes are neither UTF-8, UTF-16 (with or
    without a BOM), UTF-32 with a BOM, nor GB18030 or Big5 Chinese text.
    """
    for bom, codec in _BOMS:
        if data.startswith(bom):
            return codec, len(bom)
    if b"\x00" in data:
        codec = utf16_without_bom(data)
        if codec is None:
            raise KGError("binary file, not text (it has NUL bytes and is not UTF-16)", where)
        return codec, 0
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return chinese_codec(data, where), 0
    return "utf-8", 0


def chinese_codec(data: bytes, where: str = "") -> str:
    """``gb18030``, ``big5``, ``cp950`` or ``big5hkscs``: the codec that reads ``data``
    (not UTF-8) as Chinese text.

    GB18030 reads almost any bytes, a Big5 file too, into mojibake; so each
    codec that decodes the bytes strictly (GB18030, and the first Big5 that
    does) gives a reading, and the reading with the larger share of common
    Chinese characters (``chinese_share``) wins; a tie goes to GB18030, the
    mainland's encoding. Raises ``KGError`` when no codec decodes the bytes,
    or when even the winner has under ``CHINESE_SHARE`` common characters
    among ``MIN_JUDGED`` or more non-ASCII ones: not Chinese text in either
    (another encoding, or a Big5 file with bytes Big5 has not). A shorter
    text is too little to judge: it gets the winner, whatever its share.
    """
    readings: dict[str, str] = {}
    for group in (("gb18030",), _BIG5_CODECS):
        for codec in group:                         # the first of a group that decodes the bytes
            try:
                readings[codec] = data.decode(codec)
                break
            except UnicodeDecodeError:
                continue
    if not readings:
        raise KGError("cannot decode: neither UTF-8, UTF-16, GB18030 nor Big5", where)
    shares = {codec: chinese_share(text, _four_byte(data, text) if codec == "gb18030" else 0)
              for codec, text in readings.items()}
    best = max(readings, key=lambda codec: shares[codec][0])    # the first of equals: GB18030
    share, judged = shares[best]
    binary = _looks_binary(readings[best])      # said as such later
    if judged >= MIN_JUDGED and share < CHINESE_SHARE and not binary:
        names = " or ".join(_CODEC_NAMES[codec] for codec in readings)
        raise KGError(f"cannot decode: not UTF-8 or UTF-16, and read as {names} it is not Chinese text: "
                      f"{'at best ' if len(readings) > 1 else ''}{share:.0%} of its {judged:,} non-ASCII "
                      f"characters are common Chinese ones (Chinese text: 90% and more); save it as UTF-8",
                      where)
    return best


def chinese_share(text: str, left_out: int = 0) -> tuple[float, int]:
    """The share of common Chinese characters (kg/lexicons/common_chars.txt, punctuation
    included) among the non-ASCII characters of ``text`` but ``left_out`` of them, none
    common, and how many that is (1.0 and 0 for none)."""
    judged = len(text) - len(text.encode("ascii", "ignore")) - left_out
    if judged <= 0:
        return 1.0, 0
    return len(_common_chars().findall(text)) / judged, judged


def _four_byte(data: bytes, text: str) -> int:
    """How many characters of ``text``, the GB18030 reading of ``data``, took four bytes.

    Those are left out of the judging: no Big5, EUC or Shift-JIS bytes read as them
    (the second byte is a digit), so they are GB18030 by intent, not mojibake; and they
    are rare characters (emoji, CJK extensions, most of Latin-1), none of them common.
    """
    ascii_chars = len(text.encode("ascii", "ignore"))
    return (len(data) - ascii_chars - 2 * (len(text) - ascii_chars)) // 2


@cache
def _common_chars() -> re.Pattern[str]:
    chars = "".join(row[0] for row in read_lexicon("common_chars.txt"))
    return re.compile(f"[{re.escape(chars)}]")


def utf16_without_bom(data: bytes) -> str | None:
    """``utf-16-le``/``utf-16-be`` if ``data`` is UTF-16 text without a BOM, else None.

    In UTF-16 every ASCII character (line breaks, digits, spaces) carries a NUL
    byte, and always on the same side: odd offsets little-endian, even
    big-endian (the other side has a few, from characters such as 一 U+4E00).
    Binary data has about as many on both sides. The decoded ASCII must also
    look like text, with some whitespace in it.
    """
    if len(data) % 2:
        return None
    even, odd = data[0::2].count(0), data[1::2].count(0)
    if even + odd < 2:
        return None
    codec = "utf-16-le" if odd >= 3 * even else "utf-16-be" if even >= 3 * odd else None
    if codec is None:
        return None
    try:
        text = data.decode(codec)
    except UnicodeDecodeError:
        return None
    narrow = [ch for ch in text if ord(ch) < 0x100]
    textlike = sum(ch.isprintable() or ch in "\n\r\t" for ch in narrow)
    if textlike < 0.95 * len(narrow) or not any(ch.isspace() for ch in narrow):
        return None
    return codec
