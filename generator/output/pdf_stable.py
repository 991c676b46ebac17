"""The same PDF for the same document, whenever LibreOffice writes it.

LibreOffice 7.4 stamps each PDF/A with the moment of conversion in four places (the
document information's CreationDate, the XMP CreateDate, the sRGB colour profile of the
output intent, and the file identifier /ID with /DocChecksum derived from them) and has no
SOURCE_DATE_EPOCH: two runs on the same .docx differ. vanban promises identical bytes for
identical inputs, and the manifest lists each file's hash, so each stamp is set to the
documents' date and the identifier to a digest of the rest. Written by hand because no
maintained library in our dependencies rewrites a PDF; what is touched is only these
stamps, and the cross-reference table is rebuilt for the streams whose length changes.
A PDF not laid out as LibreOffice writes it is returned unchanged.
"""

from __future__ import annotations

import hashlib
import re
import struct
import zlib
from datetime import date

_INFO_DATE = re.compile(rb"/(CreationDate|ModDate)\(D:\d{14}(Z'|[+-]\d\d'\d\d')\)")
_XMP_DATE = re.compile(rb"<xmp:(CreateDate|ModifyDate|MetadataDate)>[0-9T:+-]+Z?</xmp:\1>")
_XMP_STREAM = re.compile(rb"<</Type/Metadata/Subtype/XML/Length (\d+)>>\nstream\n")
_ICC_STREAM = re.compile(
    rb"(?m)^(\d+) 0 obj\n<</N 3/Length (\d+) 0 R/Filter/FlateDecode>>\nstream\n"
)
_IDENTIFIER = re.compile(rb"/ID \[ <([0-9A-F]{32})>\n<([0-9A-F]{32})> \]")
_CHECKSUM = re.compile(rb"/DocChecksum /([0-9A-F]{32})")
_OBJECT = re.compile(rb"(?m)^(\d+) 0 obj\b")
_XREF = re.compile(rb"\nxref\n0 (\d+)\n")
_STARTXREF = re.compile(rb"\nstartxref\n\d+\n%%EOF\n?$")


def stable_pdf(data: bytes, day: date) -> bytes:
    """``data`` with LibreOffice's time stamps set to ``day`` and its identifier derived
    from the content; unchanged when the file is not laid out as expected."""
    stamp = day.strftime("%Y%m%d").encode()
    dated = _INFO_DATE.sub(lambda m: b"/%s(D:%s000000Z')" % (m[1], stamp), data)
    iso = day.isoformat().encode()
    dated = _XMP_DATE.sub(lambda m: b"<xmp:%s>%sT00:00:00Z</xmp:%s>" % (m[1], iso, m[1]), dated)
    measured = _with_metadata_length(dated)
    profiled = None if measured is None else _dated_colour_profile(measured, day)
    placed = None if profiled is None else _with_new_offsets(profiled)
    return data if placed is None else _identified(placed)


def _with_metadata_length(data: bytes) -> bytes | None:
    """The XMP stream's /Length as its content now is: LibreOffice writes its dates with the
    machine's offset («+07:00»), five bytes longer than the «Z» they become, and a stale
    length made every PDF written outside UTC malformed. None when the file is not as
    expected."""
    found = _XMP_STREAM.search(data)
    if found is None:
        return data
    end = data.find(b"\nendstream", found.end())
    if end < 0:
        return None
    length = str(end - found.end()).encode()  # the end-of-line before «endstream» not counted
    return data[: found.start(1)] + length + data[found.end(1) :]


def _dated_colour_profile(data: bytes, day: date) -> bytes | None:
    """The output intent's ICC profile with its creation date set to ``day`` (bytes 24-35
    of the profile header); None when the file is not as expected."""
    found = _ICC_STREAM.search(data)
    if found is None:
        return data
    length = re.compile(rb"(?m)^%s 0 obj\n(\d+)\nendobj" % found[2]).search(data, found.end())
    if length is None:
        return None
    start = found.end()
    end = start + int(length[1])
    try:
        profile = bytearray(zlib.decompress(data[start:end]))
    except zlib.error:
        return None
    profile[24:36] = struct.pack(">6H", day.year, day.month, day.day, 0, 0, 0)
    packed = zlib.compress(bytes(profile), 9)
    # The length object follows the stream: edit it first, then the stream before it.
    data = data[: length.start(1)] + str(len(packed)).encode() + data[length.end(1) :]
    return data[:start] + packed + data[end:]


def _with_new_offsets(data: bytes) -> bytes | None:
    """Rewrite the one cross-reference table with the objects' offsets as they now are."""
    table = _XREF.search(data)
    tail = _STARTXREF.search(data)
    if table is None or tail is None or len(_XREF.findall(data)) != 1:
        return None
    count = int(table[1])
    offsets = {int(m[1]): m.start() for m in _OBJECT.finditer(data, 0, table.start() + 1)}
    if set(offsets) != set(range(1, count)):
        return None
    entries = b"0000000000 65535 f \n" + b"".join(
        b"%010d 00000 n \n" % offsets[number] for number in range(1, count)
    )
    body_start = table.end()
    body_end = body_start + 20 * count
    if data[body_start : body_start + 20] != b"0000000000 65535 f \n":
        return None
    data = data[:body_start] + entries + data[body_end:]
    xref_at = table.start() + 1
    tail = _STARTXREF.search(data)
    assert tail is not None
    return data[: tail.start()] + b"\nstartxref\n%d\n%%%%EOF\n" % xref_at


def _identified(data: bytes) -> bytes:
    """/ID and /DocChecksum from a digest of everything else (same length, same place)."""
    blank = _CHECKSUM.sub(b"/DocChecksum /" + b"0" * 32, _IDENTIFIER.sub(b"", data))
    digest = hashlib.md5(blank, usedforsecurity=False).hexdigest().upper().encode()
    data = _IDENTIFIER.sub(b"/ID [ <%s>\n<%s> ]" % (digest, digest), data)
    return _CHECKSUM.sub(b"/DocChecksum /" + digest, data)
