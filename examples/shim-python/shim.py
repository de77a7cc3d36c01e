#!/usr/bin/env python3
"""A livemesh conformance shim in Python, standard library only.

It speaks the shim protocol of spec/conformance.md §8 (livemesh-shim.v1): it writes a hello
line naming the operations it offers, then answers one JSON request a line from stdin on
stdout. It implements every identifier operation of spec/identifiers.md — user names (§2),
endpoint and sync IDs (§3), device IDs (§4), resource IDs (§5) and ticket IDs (§6) — and
answers "unimplemented" to everything else. Run it against the suite with:

    go run ./cmd/meshconform run --shim "python3 examples/shim-python/shim.py" --run '^(vectors|codec)/ident/'

It is a starting point for implementers: add an operation to OPS (the hello names OPS), and
the suite's cases for it start to count. Every parser takes the raw input octets and either
returns the members of the vectors' "expected" object or raises Refusal with the error class
and the requirement ID of the first check that fails, in the spec's check order.

Unicode: user names depend on the Unicode character database (categories, NFC, NFKC, case
folding). This shim uses Python's unicodedata, whose version is unicodedata.unidata_version
(14.0.0 in Python 3.11, 15.0.0 in 3.12, 15.1.0 in 3.13); the spec and the reference use
15.0.0. A code point assigned in one version and not the other is judged differently.
"""

import base64
import hashlib
import json
import sys
import unicodedata

B32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"  # RFC 4648 §6, value = index


class Refusal(Exception):
    """An input refused: error class, requirement ID and, for device IDs, the check chunk."""

    def __init__(self, cls, req, message, chunk=0):
        super().__init__(message)
        self.cls, self.req, self.chunk = cls, req, chunk


def check_limit(s, limit):
    """spec/identifiers.md §1 [IDENT-LIM-1]: the input's length, before any other check."""
    if len(s) > limit:
        raise Refusal("length", "IDENT-LIM-1", "longer than %d octets" % limit)


# ---- §2 user names ----------------------------------------------------------------------

ATEXT = set("!#$%&'*+-/=?^_`{|}~")  # RFC 5322 atext besides letters and digits


def ascii_alnum(c):
    return c < "\x80" and c.isalnum()


def word_char(c):
    """A non-ASCII letter (L*), mark (M*) or decimal digit (Nd): [IDENT-USER-5], [IDENT-USER-9].
    Unassigned code points are Cn, so they are refused."""
    cat = unicodedata.category(c)
    return c >= "\x80" and (cat[0] in "LM" or cat == "Nd")


def local_char(c):
    """[IDENT-USER-5]: atext, ".", or a non-ASCII letter, mark or decimal digit."""
    return ascii_alnum(c) or c in ATEXT or c == "." or word_char(c)


def label_char(c):
    """[IDENT-USER-9]: an ASCII letter or digit, "-", or a non-ASCII letter, mark or digit."""
    return ascii_alnum(c) or c == "-" or word_char(c)


def is_mark(c):
    return unicodedata.category(c)[0] == "M"


def octets(s):
    """Lengths are counted in UTF-8 octets (§1)."""
    return len(s.encode("utf-8"))


def user_key(local, domain):
    """§2.2 [IDENT-USER-13], [IDENT-USER-14]: the comparison key.

    str.casefold is Unicode default full case folding (statuses C and F, never the Turkic T),
    and folds Cherokee to the capitals as CaseFolding.txt does."""
    nfc = lambda s: unicodedata.normalize("NFC", s)
    nfkc = lambda s: unicodedata.normalize("NFKC", s)
    return nfc(nfc(local).casefold()) + "@" + nfkc(nfkc(domain).casefold())


def parse_user_name(b):
    """§2 user names, checked in the order of §2.3. Returns the stored form and the key."""
    check_limit(b, 1024)  # 1.
    try:  # 2. Python's UTF-8 codec refuses surrogates, overlong forms and > U+10FFFF
        s = b.decode("utf-8")
    except UnicodeDecodeError:
        raise Refusal("encoding", "IDENT-USER-2", "not valid UTF-8")
    n = unicodedata.normalize("NFC", s)  # 3. [IDENT-USER-3]: the stored form
    if n.count("@") != 1:  # 4.
        raise Refusal("syntax", "IDENT-USER-1", 'not exactly one "@"')
    local, domain = n.split("@")
    if not local or not domain:
        raise Refusal("syntax", "IDENT-USER-1", "empty local part or domain")
    if octets(n) > 254:  # 5.
        raise Refusal("length", "IDENT-USER-4", "address longer than 254 octets")
    if octets(local) > 64:
        raise Refusal("length", "IDENT-USER-4", "local part longer than 64 octets")
    # 6. The local part: characters, then dots, then atoms beginning with a mark.
    for c in local:
        if not local_char(c):
            raise Refusal("character", "IDENT-USER-5", "U+%04X is not allowed in a local part" % ord(c))
    atoms = local.split(".")
    if "" in atoms:
        raise Refusal("syntax", "IDENT-USER-6", 'leading, trailing or doubled "." in the local part')
    if any(is_mark(a[0]) for a in atoms):
        raise Refusal("character", "IDENT-USER-7", "an atom begins with a combining mark")
    # 7. The domain: each rule over every label before the next rule.
    labels = domain.split(".")
    if len(labels) < 2 or "" in labels:
        raise Refusal("syntax", "IDENT-USER-8", "fewer than two labels, or an empty label")
    for label in labels:
        for c in label:
            if not label_char(c):
                raise Refusal("character", "IDENT-USER-9", "U+%04X is not allowed in a domain label" % ord(c))
    if any(label[0] == "-" or label[-1] == "-" for label in labels):
        raise Refusal("syntax", "IDENT-USER-9", 'a label begins or ends with "-"')
    if any(is_mark(label[0]) for label in labels):
        raise Refusal("character", "IDENT-USER-7", "a label begins with a combining mark")
    if any(octets(label) > 63 for label in labels):
        raise Refusal("length", "IDENT-USER-10", "a label longer than 63 octets")
    key = user_key(local, domain)
    # [IDENT-USER-11] is judged on the key's last label (after NFKC: full-width digits).
    if all(c in "0123456789" for c in key[key.rfind(".") + 1:]):
        raise Refusal("syntax", "IDENT-USER-11", "the last label is all digits")
    return {"stored": n, "key": key}


def compare_user_names(a, b):
    """§2.2 [IDENT-USER-13]: the same user exactly when the comparison keys are equal."""
    return {"equal": parse_user_name(a)["key"] == parse_user_name(b)["key"]}


# ---- §3 endpoint IDs and NSS strings ----------------------------------------------------

NSS_PUNCT = set(b"()+,-.:=@;$_!*'/?#")


def is_hex(c):
    return chr(c) in "0123456789abcdefABCDEF"


def nss_char(c):
    return (48 <= c <= 57) or (65 <= c <= 90) or (97 <= c <= 122) or c in NSS_PUNCT


def parse_nss(s):
    """Endpoint and sync IDs: RFC 2141 NSS strings (§3), returned unchanged [IDENT-EP-4]."""
    check_limit(s, 1024)
    if len(s) == 0:
        raise Refusal("length", "IDENT-EP-2", "empty")
    i = 0
    while i < len(s):  # the first offending position, left to right
        c = s[i]
        if c == ord("%"):
            if i + 2 >= len(s) or not is_hex(s[i + 1]) or not is_hex(s[i + 2]):
                raise Refusal("syntax", "IDENT-EP-1", "%% at octet %d is not followed by two hex digits" % i)
            if s[i + 1] == ord("0") and s[i + 2] == ord("0"):
                raise Refusal("character", "IDENT-EP-3", "escape %%00 at octet %d" % i)
            i += 3
            continue
        if not nss_char(c):
            raise Refusal("character", "IDENT-EP-1", "octet 0x%02x at %d is not allowed in an NSS" % (c, i))
        i += 1
    return {"value": s.decode("ascii")}


# ---- §4 device IDs ----------------------------------------------------------------------


def luhn32(vals):
    """§4.2 [IDENT-DEV-4]: Luhn mod 32 over a chunk's symbol values, the last one doubled."""
    total = 0
    for i, v in enumerate(reversed(vals)):
        p = v * (2 if i % 2 == 0 else 1)
        total += p // 32 + p % 32  # p - 31 when p >= 32
    return (32 - total % 32) % 32


def device_id_of(fp):
    """§4.2: 52 base32 symbols, a check symbol after each chunk of 13, 8 groups of 7 [IDENT-DEV-5]."""
    data = base64.b32encode(fp).decode("ascii").rstrip("=")  # 52 symbols, spare bits zero
    syms = ""
    for k in range(4):
        chunk = data[13 * k:13 * k + 13]
        syms += chunk + B32[luhn32([B32.index(c) for c in chunk])]
    printed = "-".join(syms[i:i + 7] for i in range(0, 56, 7))
    return {"deviceId": printed, "fingerprint": fp.hex()}


def parse_device_id(s):
    """§4.3: parse a device ID, checking in the order of [IDENT-DEV-11]."""
    check_limit(s, 63)
    if len(s) == 63:  # [IDENT-DEV-7] the printed layout: "-" after every 7 symbols
        for i, c in enumerate(s):
            if (i % 8 == 7) != (c == ord("-")):
                raise Refusal("syntax", "IDENT-DEV-7", "dashes are not 8 groups of 7 joined by -")
        syms = s.replace(b"-", b"")
    elif len(s) == 56:  # or the same 56 symbols without any dash
        if ord("-") in s:
            raise Refusal("syntax", "IDENT-DEV-7", "a dash in the 56-symbol layout")
        syms = s
    else:
        raise Refusal("length", "IDENT-DEV-7", "length %d, want 63 or 56" % len(s))
    vals = []
    for c in syms:  # [IDENT-DEV-8], case-insensitively for ASCII letters only [IDENT-DEV-6]
        ch = chr(c).upper() if ord("a") <= c <= ord("z") else chr(c)
        if ch not in B32:
            raise Refusal("character", "IDENT-DEV-8", "octet 0x%02x is not in the base32 alphabet" % c)
        vals.append(B32.index(ch))
    data = []
    for k in range(4):  # [IDENT-DEV-9] chunks 1 to 4 in order
        chunk = vals[14 * k:14 * k + 14]
        if luhn32(chunk[:13]) != chunk[13]:
            raise Refusal("check", "IDENT-DEV-9", "check symbol of chunk %d does not match" % (k + 1), chunk=k + 1)
        data += chunk[:13]
    if data[-1] & 15:  # [IDENT-DEV-10] the 4 spare bits of the 52nd symbol
        raise Refusal("non-canonical", "IDENT-DEV-10", "the spare bits are not zero")
    fp = base64.b32decode("".join(B32[v] for v in data) + "====")
    return device_id_of(fp)


# §4.1: a SubjectPublicKeyInfo is refused [IDENT-DEV-2] with class "key" when it does not
# parse as a supported key, and with class "non-canonical" when it parses but is not the
# canonical DER encoding of its key (checked by encoding the key again and comparing). Where
# the reference (Go's crypto/x509) skips over content — elements after the ones it reads, data
# after the RSAPublicKey — this shim skips too, so that the two give the same class.

OID_RSA = bytes.fromhex("2a864886f70d010101")  # rsaEncryption, RFC 3279
OID_EC = bytes.fromhex("2a8648ce3d0201")  # id-ecPublicKey, RFC 5480
OID_ED25519 = bytes.fromhex("2b6570")  # RFC 8410
OID_X25519 = bytes.fromhex("2b656e")
NULL = b"\x05\x00"

# Named curves (RFC 5480): the parameters' DER -> (p, b) of y^2 = x^3 - 3x + b (mod p).
CURVES = {
    bytes.fromhex("06052b81040021"): (  # P-224, secp224r1
        2**224 - 2**96 + 1,
        int("b4050a850c04b3abf54132565044b0b7d7bfd8ba270b39432355ffb4", 16)),
    bytes.fromhex("06082a8648ce3d030107"): (  # P-256, prime256v1
        2**256 - 2**224 + 2**192 + 2**96 - 1,
        int("5ac635d8aa3a93e7b3ebbd55769886bc651d06b0cc53b0f63bce3c3e27d2604b", 16)),
    bytes.fromhex("06052b81040022"): (  # P-384, secp384r1
        2**384 - 2**128 - 2**96 + 2**32 - 1,
        int("b3312fa7e23ee7e4988e056be3f82d19181d9c6efe8141120314088f5013875a"
            "c656398d8a2ed19d2a85c8edd3ec2aef", 16)),
    bytes.fromhex("06052b81040023"): (  # P-521, secp521r1
        2**521 - 1,
        int("0051953eb9618e1c9a1f929a21a0b68540eea2da725b99b315f3b8b489918ef1"
            "09e156193951ec7e937b1652c0bd3bb1bf073573df883d2c34f1ef451fd46b503f00", 16)),
}


def bad_key(message):
    return Refusal("key", "IDENT-DEV-2", message)


def der_read(buf, pos=0):
    """Reads the DER element at buf[pos:]: (tag octet, contents, end). Lengths must be definite
    and in their shortest form; multi-octet tags are not used by any structure read here."""
    if pos + 2 > len(buf):
        raise bad_key("truncated")
    tag, n = buf[pos], buf[pos + 1]
    pos += 2
    if tag & 0x1F == 0x1F:
        raise bad_key("multi-octet tag")
    if n & 0x80:
        k = n & 0x7F
        if k == 0:
            raise bad_key("indefinite length (BER, not DER)")
        if pos + k > len(buf) or buf[pos] == 0:
            raise bad_key("truncated or non-minimal length")
        n = int.from_bytes(buf[pos:pos + k], "big")
        if n < 0x80:
            raise bad_key("non-minimal length")
        pos += k
    if pos + n > len(buf):
        raise bad_key("truncated")
    return tag, buf[pos:pos + n], pos + n


def der(tag, contents):
    """Encodes one DER element."""
    n = len(contents)
    if n < 0x80:
        return bytes([tag, n]) + contents
    length = n.to_bytes((n.bit_length() + 7) // 8, "big")
    return bytes([tag, 0x80 | len(length)]) + length + contents


def der_integer(contents, max_octets=None):
    """A DER INTEGER's value; the encoding must be minimal."""
    c = contents
    if not c or len(c) > 1 and (c[0] == 0 and c[1] < 0x80 or c[0] == 0xFF and c[1] >= 0x80):
        raise bad_key("INTEGER not minimally encoded")
    if max_octets and len(c) > max_octets:
        raise bad_key("INTEGER too large")
    return int.from_bytes(c, "big", signed=True)


def parse_spki(s):
    """SubjectPublicKeyInfo (RFC 5280 §4.1.2.7) -> (algorithm OID, parameters DER, key octets)."""
    tag, spki, end = der_read(s)
    if tag != 0x30 or end != len(s):
        raise bad_key("not one SEQUENCE, or data after it")
    tag, alg, pos = der_read(spki)
    if tag != 0x30:
        raise bad_key("AlgorithmIdentifier is not a SEQUENCE")
    tag, oid, apos = der_read(alg)
    if tag != 0x06 or not oid:
        raise bad_key("no algorithm OBJECT IDENTIFIER")
    params = b""
    if apos < len(alg):  # optional parameters: any one element; anything after it is skipped
        _, _, pend = der_read(alg, apos)
        params = alg[apos:pend]
    tag, bits, _ = der_read(spki, pos)  # elements after the BIT STRING are skipped
    if tag != 0x03 or not bits:
        raise bad_key("no BIT STRING")
    unused = bits[0]
    if unused > 7 or len(bits) == 1 and unused or bits[-1] & ((1 << unused) - 1):
        raise bad_key("invalid unused bits in the BIT STRING")
    key = bits[1:]
    if unused:  # the bits, right-aligned in the same number of octets (as Go's RightAlign)
        key = (int.from_bytes(key, "big") >> unused).to_bytes(len(key), "big")
    return oid, params, key


def canonical_key(oid, params, key):
    """Checks the key of a supported algorithm and returns its canonical (parameters, key)."""
    if oid == OID_RSA:  # RFC 3279 §2.3.1: NULL parameters; RSAPublicKey ::= SEQUENCE {n, e}
        if params != NULL:
            raise bad_key("RSA key without NULL parameters")
        tag, seq, _ = der_read(key)  # data after the SEQUENCE is skipped
        if tag != 0x30:
            raise bad_key("RSAPublicKey is not a SEQUENCE")
        tag, n, pos = der_read(seq)
        if tag != 0x02:
            raise bad_key("RSA modulus is not an INTEGER")
        n = der_integer(n)
        tag, e, _ = der_read(seq, pos)  # elements after the exponent are skipped
        if tag != 0x02:
            raise bad_key("RSA exponent is not an INTEGER")
        e = der_integer(e, max_octets=8)
        if n <= 0 or e <= 0:
            raise bad_key("RSA modulus or exponent not positive")
        num = lambda v: der(0x02, v.to_bytes(v.bit_length() // 8 + 1, "big", signed=True))
        return NULL, der(0x30, num(n) + num(e))
    if oid == OID_EC:  # RFC 5480: a named curve and the uncompressed point 04 || x || y
        if params not in CURVES:
            raise bad_key("not a supported named curve")
        p, b = CURVES[params]
        size = (p.bit_length() + 7) // 8
        if len(key) != 1 + 2 * size or key[0] != 4:
            raise bad_key("not an uncompressed point")
        x, y = int.from_bytes(key[1:1 + size], "big"), int.from_bytes(key[1 + size:], "big")
        if x >= p or y >= p or (y * y - x * x * x + 3 * x - b) % p:
            raise bad_key("point not on the curve")
        return params, key
    if oid in (OID_ED25519, OID_X25519):  # RFC 8410: parameters absent, 32 key octets
        if params or len(key) != 32:
            raise bad_key("parameters present or key not 32 octets")
        return b"", key
    raise bad_key("unsupported public key algorithm")


def device_id_from_spki(s):
    """§4.1 [IDENT-DEV-1], [IDENT-DEV-2]: the device ID of a canonical SubjectPublicKeyInfo."""
    check_limit(s, 16384)
    oid, params, key = parse_spki(s)
    params, key = canonical_key(oid, params, key)
    again = der(0x30, der(0x30, der(0x06, oid) + params) + der(0x03, b"\x00" + key))
    if again != s:
        raise Refusal("non-canonical", "IDENT-DEV-2", "not the canonical DER encoding of its key")
    return device_id_of(hashlib.sha256(s).digest())


def verify_spki(s, device_id):
    """§4.3 [IDENT-DEV-13]: is s the key of device_id? The ID is parsed first, then the key's
    own ID computed, then all 32 fingerprint octets compared."""
    want = parse_device_id(device_id)
    got = device_id_from_spki(s)
    if got["fingerprint"] != want["fingerprint"]:
        raise Refusal("mismatch", "IDENT-DEV-13", "the key has device ID " + got["deviceId"])
    return want


# ---- §5 resource IDs and §6 ticket IDs --------------------------------------------------


def parse_resource_id(s):
    """Resource IDs: 26 upper-case base32 characters, 16 octets (§5)."""
    check_limit(s, 26)
    if len(s) != 26:
        raise Refusal("length", "IDENT-RES-4", "length %d, want 26" % len(s))
    for c in s:
        if chr(c) not in B32:
            raise Refusal("character", "IDENT-RES-3", "octet 0x%02x is not in A-Z 2-7" % c)
    if B32.index(chr(s[-1])) & 3:
        raise Refusal("non-canonical", "IDENT-RES-5", "the 2 spare bits of the last character are not zero")
    b = base64.b32decode(s + b"======")
    return {"value": s.decode("ascii"), "bytes": b.hex()}


def parse_ticket_id(s):
    """Ticket IDs: "_" and 32 lower-case hex digits (§6)."""
    check_limit(s, 33)
    if len(s) != 33:
        raise Refusal("length", "IDENT-TKT-3", "length %d, want 33" % len(s))
    if s[0] != ord("_"):
        raise Refusal("syntax", "IDENT-TKT-3", 'does not begin with "_"')
    for c in s[1:]:
        if chr(c) not in "0123456789abcdef":
            raise Refusal("character", "IDENT-TKT-3", "octet 0x%02x is not a lower-case hex digit" % c)
    return {"value": s.decode("ascii"), "bytes": s[1:].decode("ascii")}


# ---- the shim protocol (spec/conformance.md §8) ------------------------------------------

# Each operation takes the input octets (args.inputHex) and args.other (a string, compare only).
OPS = {
    "ident.device-id/from-spki": lambda s, other: device_id_from_spki(s),
    "ident.device-id/parse": lambda s, other: parse_device_id(s),
    "ident.device-id/verify-spki": lambda s, other: verify_spki(s, other.encode("utf-8", "surrogatepass")),
    "ident.user-name/parse": lambda s, other: parse_user_name(s),
    "ident.user-name/compare": lambda s, other: compare_user_names(s, other.encode("utf-8", "surrogatepass")),
    "ident.endpoint-id/parse": lambda s, other: parse_nss(s),
    "ident.sync-id/parse": lambda s, other: parse_nss(s),
    "ident.resource-id/parse": lambda s, other: parse_resource_id(s),
    "ident.ticket-id/parse": lambda s, other: parse_ticket_id(s),
}


def answer(req):
    """[CONF-SHIM-3]: exactly one of ok, error and unimplemented, with the request's id."""
    op = OPS.get(req.get("op"))
    if op is None:
        return {"id": req["id"], "unimplemented": True}
    args = req.get("args") or {}
    try:
        return {"id": req["id"], "ok": op(bytes.fromhex(args["inputHex"]), args.get("other", ""))}
    except Refusal as r:
        err = {"class": r.cls, "req": r.req, "message": str(r)}
        if r.chunk:
            err["chunk"] = r.chunk
        return {"id": req["id"], "error": err}


def main():
    out = sys.stdout
    hello = {"shim": "livemesh-shim.v1", "implementation": "python-example", "ops": sorted(OPS)}
    out.write(json.dumps(hello) + "\n")  # [CONF-SHIM-2]: the hello first
    out.flush()
    for line in sys.stdin:  # one request outstanding at a time: answer, flush, read the next
        if not line.strip():
            continue
        out.write(json.dumps(answer(json.loads(line))) + "\n")
        out.flush()


if __name__ == "__main__":
    main()
