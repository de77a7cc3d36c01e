#!/usr/bin/env python3
"""A livemesh conformance shim in Python, standard library only.

It speaks the shim protocol of spec/conformance.md §8 (livemesh-shim.v1): it writes a hello
line naming the operations it offers, then answers one JSON request a line from stdin on
stdout. It implements the identifier operations of spec/vectors/ident/ids.json (endpoint,
sync, resource and ticket IDs, spec/identifiers.md §3, §5, §6) and answers "unimplemented"
to everything else. Run it against the suite with:

    go run ./cmd/meshconform run --shim "python3 examples/shim-python/shim.py"

It is a starting point for implementers: add an operation to OPS and to the hello, and the
suite's cases for it start to count.
"""

import base64
import json
import sys

B32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"
NSS_PUNCT = set(b"()+,-.:=@;$_!*'/?#")
MAX_NSS = 1024


class Refusal(Exception):
    """An input refused with an error class and the requirement ID the spec names first."""

    def __init__(self, cls, req, message):
        super().__init__(message)
        self.cls, self.req = cls, req


def is_hex(c):
    return chr(c) in "0123456789abcdefABCDEF"


def nss_char(c):
    return (48 <= c <= 57) or (65 <= c <= 90) or (97 <= c <= 122) or c in NSS_PUNCT


def parse_nss(s):
    """Endpoint and sync IDs: RFC 2141 NSS strings (spec/identifiers.md §3)."""
    if len(s) > MAX_NSS:
        raise Refusal("length", "IDENT-LIM-1", "longer than 1024 bytes")
    if len(s) == 0:
        raise Refusal("length", "IDENT-EP-2", "empty")
    i = 0
    while i < len(s):
        c = s[i]
        if c == ord("%"):
            if i + 2 >= len(s) or not is_hex(s[i + 1]) or not is_hex(s[i + 2]):
                raise Refusal("syntax", "IDENT-EP-1", "%% at byte %d is not followed by two hex digits" % i)
            if s[i + 1] == ord("0") and s[i + 2] == ord("0"):
                raise Refusal("character", "IDENT-EP-3", "escape %%00 at byte %d" % i)
            i += 3
            continue
        if not nss_char(c):
            raise Refusal("character", "IDENT-EP-1", "byte %r at %d is not allowed in an NSS" % (c, i))
        i += 1
    return {"value": s.decode("ascii")}


def parse_resource_id(s):
    """Resource IDs: 26 upper-case base32 characters, 16 bytes (spec/identifiers.md §5)."""
    if len(s) > 26:
        raise Refusal("length", "IDENT-LIM-1", "longer than 26 bytes")
    if len(s) != 26:
        raise Refusal("length", "IDENT-RES-4", "length %d, want 26" % len(s))
    for c in s:
        if chr(c) not in B32:
            raise Refusal("character", "IDENT-RES-3", "character %r is not in A-Z 2-7" % chr(c))
    if B32.index(chr(s[-1])) & 3:
        raise Refusal("non-canonical", "IDENT-RES-5", "the 2 spare bits of the last character are not zero")
    b = base64.b32decode(s + b"======")
    return {"value": s.decode("ascii"), "bytes": b.hex()}


def parse_ticket_id(s):
    """Ticket IDs: "_" and 32 lower-case hex digits (spec/identifiers.md §6)."""
    if len(s) > 33:
        raise Refusal("length", "IDENT-LIM-1", "longer than 33 bytes")
    if len(s) != 33:
        raise Refusal("length", "IDENT-TKT-3", "length %d, want 33" % len(s))
    if s[0] != ord("_"):
        raise Refusal("syntax", "IDENT-TKT-3", 'does not begin with "_"')
    for c in s[1:]:
        if chr(c) not in "0123456789abcdef":
            raise Refusal("character", "IDENT-TKT-3", "character %r is not a lower-case hex digit" % chr(c))
    return {"value": s.decode("ascii"), "bytes": s[1:].decode("ascii")}


OPS = {
    "ident.endpoint-id/parse": parse_nss,
    "ident.sync-id/parse": parse_nss,
    "ident.resource-id/parse": parse_resource_id,
    "ident.ticket-id/parse": parse_ticket_id,
}


def answer(req):
    op = OPS.get(req.get("op"))
    if op is None:
        return {"id": req["id"], "unimplemented": True}
    try:
        data = bytes.fromhex(req["args"]["inputHex"])
        return {"id": req["id"], "ok": op(data)}
    except Refusal as r:
        return {"id": req["id"], "error": {"class": r.cls, "req": r.req, "message": str(r)}}


def main():
    out = sys.stdout
    hello = {"shim": "livemesh-shim.v1", "implementation": "python-example", "ops": sorted(OPS)}
    out.write(json.dumps(hello) + "\n")
    out.flush()
    for line in sys.stdin:
        if not line.strip():
            continue
        out.write(json.dumps(answer(json.loads(line))) + "\n")
        out.flush()


if __name__ == "__main__":
    main()
