#!/usr/bin/env python3
"""Regenerates testvectors/authtkt_ticket_auth.json with ticket_auth 0.1.4.

Usage (CPython 3.7 or newer; '~' is escaped differently before 3.7):
    pip install ticket_auth==0.1.4
    python3 authtkt/testdata/make_ticket_auth_vectors.py > testvectors/authtkt_ticket_auth.json

Every ticket and every verdict in the output comes from ticket_auth itself:
"make" vectors are TicketFactory.new() outputs, "validate" cases are
TicketFactory.validate() verdicts on respellings of valid tickets. The flag
NonCanonical marks spellings that NewTicket never produces; authtkt accepts
those only with Config.Lenient.
"""
import hashlib
import json
import platform
import sys

import ticket_auth
from ticket_auth import TicketFactory

HASHES = ["md5", "sha1", "sha224", "sha256", "sha384", "sha512",
          "sha3_224", "sha3_256", "sha3_384", "sha3_512", "blake2b", "blake2s"]
SECRET = b"secret"
FAR = 4102444800  # 2100-01-01

make = []


def add_make(comment, flags, hashalg, user_id, tokens, user_data, valid_until, client_ip, secret=SECRET):
    f = TicketFactory(secret, hashalg)
    ticket = f.new(user_id, tokens, user_data, valid_until, client_ip)
    info = f.validate(ticket, client_ip, now=-1)
    make.append({
        "tcId": len(make) + 1, "comment": comment, "flags": flags,
        "hashalg": hashalg, "secret_hex": secret.hex(),
        "user_id": user_id, "tokens": list(tokens or []), "user_data": user_data,
        "valid_until": valid_until, "client_ip": client_ip,
        "ticket": ticket,
        "parsed_tokens": list(info.tokens),
    })


for h in HASHES:
    add_make("every hash: " + h, ["Hash"], h, "user", ["a", "b"], "x y", FAR, "10.0.0.1")
    add_make("every hash, IPv6: " + h, ["Hash", "IPv6"], h, "user", None, "", FAR, "2001:db8::1")
add_make("IPv4-mapped IPv6 is hashed as version 6", ["IPv6", "Mapped"], "sha512", "user", None, "", FAR, "::ffff:192.0.2.1")
add_make("the plain IPv4 form of the same address", ["IPv4"], "sha512", "user", None, "", FAR, "192.0.2.1")
add_make("full IPv6 address", ["IPv6"], "sha256", "user", None, "", FAR, "2001:db8:85a3::8a2e:370:7334")
add_make("explicit 0.0.0.0 equals no address", ["IPv4"], "sha256", "user", None, "", FAR, "0.0.0.0")
add_make("unicode in every field", ["Unicode"], "sha512", "j\u00fcrgen \u65e5\u672c", ["\u65e5\u672c", "caf\u00e9"], "\u00fcn\u00efcode \u2713 \U0001F600", FAR, None)
add_make("tokens with commas and '!'", ["Tokens"], "sha512", "user", ["a,b", "t!k", " "], "", FAR, None)
add_make("every field empty", ["Empty"], "sha256", "", None, "", FAR, None)
add_make("one empty token is lost (lossy in ticket_auth)", ["Empty", "Tokens"], "sha256", "user", [""], "", FAR, None)
add_make("two empty tokens", ["Empty", "Tokens"], "sha256", "user", ["", ""], "", FAR, None)
add_make("uid with '!', space and '%'", ["Escaping"], "sha512", "us!er! 100%", None, "", FAR, None)
add_make("data with reserved characters", ["Escaping"], "sha512", "user", None, "a&b=c?d@e:f;g+h#i[j]k'l\"m<n>o\\p", FAR, None)
add_make("safe characters stay: A-Z a-z 0-9 _ . - ~ /", ["Escaping"], "sha512", "AZaz09_.-~/", ["~/"], "-_.~/", FAR, None)
add_make("control characters and DEL", ["Escaping"], "sha256", "u\x00\x01\x1f\x7f", None, "\t\n\r", FAR, None)
add_make("U+FFFD in the data", ["Unicode"], "sha512", "user", None, "\ufffd", 500, None)
add_make("valid_until 0", ["Time"], "sha256", "user", None, "", 0, None)
add_make("valid_until 2^32-1", ["Time"], "sha256", "user", None, "", 0xFFFFFFFF, None)
add_make("valid_until 500 (for the respellings below)", ["Time"], "sha512", "user", ["a", "b"], "d", 500, None)
add_make("data '100%' (for the respellings below)", ["Escaping"], "sha512", "user", None, "100%", 500, None)
add_make("data '\u00e9/~' (for the respellings below)", ["Escaping"], "sha512", "user", None, "\u00e9/~", 500, None)

validate = []


def add_validate(comment, flags, hashalg, ticket, client_ip=None, now=100):
    f = TicketFactory(SECRET, hashalg)
    try:
        f.validate(ticket, client_ip, now=now)
        result, error = "valid", None
    except Exception as e:  # struct.error escapes ticket_auth: record it too
        result, error = "invalid", type(e).__module__ + "." + type(e).__name__
    validate.append({
        "tcId": len(validate) + 1, "comment": comment, "flags": flags,
        "hashalg": hashalg, "secret_hex": SECRET.hex(), "ticket": ticket,
        "client_ip": client_ip, "now": now, "result": result, "error": error,
    })


def base(user_id, tokens, user_data):
    return TicketFactory(SECRET, "sha512").new(user_id, tokens, user_data, 500)


b = base("user", ["a", "b"], "d")
dg, tf, rest = b[:128], b[128:136], b[136:]
add_validate("the canonical ticket", [], "sha512", b)
for field, flags, comment in [
    ("000001F4", ["NonCanonical"], "uppercase time"),
    ("0X0001f4", ["NonCanonical"], "0X prefix"),
    ("0x0001f4", ["NonCanonical"], "0x prefix"),
    ("+00001f4", ["NonCanonical"], "plus sign"),
    ("0_0001f4", ["NonCanonical"], "underscore between digits"),
    ("0x_001f4", ["NonCanonical"], "underscore after the prefix"),
    (" \t001f4 ", ["NonCanonical"], "surrounding whitespace"),
    ("1f4     ", ["NonCanonical"], "trailing spaces"),
    ("-00001f4", [], "negative time: ticket_auth raises struct.error"),
    ("0__001f4", [], "double underscore"),
    ("_00001f4", [], "leading underscore"),
    ("00001f4_", [], "trailing underscore"),
    ("0000 1f4", [], "inner space"),
    ("+ 0001f4", [], "space after the sign"),
    ("000001g4", [], "not hex"),
    ("0x      ", [], "prefix without digits"),
    ("000001f5", [], "another time"),
]:
    add_validate("time field: " + comment, flags, "sha512", dg + field + rest)
add_validate("uppercase digest", [], "sha512", dg.upper() + tf + rest)
add_validate("one digest digit changed", [], "sha512", ("0" if dg[0] != "0" else "1") + dg[1:] + tf + rest)
add_validate("'%75ser' for 'user'", ["NonCanonical"], "sha512", dg + tf + "%75ser!a,b!d")
add_validate("every uid byte escaped", ["NonCanonical"], "sha512", dg + tf + "%75%73%65%72!a,b!d")
add_validate("escaped token", ["NonCanonical"], "sha512", dg + tf + "user!%61,b!d")
add_validate("escaped data", ["NonCanonical"], "sha512", dg + tf + "user!a,b!%64")
add_validate("escaped comma joins the tokens", [], "sha512", dg + tf + "user!a%2Cb!d")
add_validate("missing part", [], "sha512", dg + tf + "user!a,b")
add_validate("extra part", [], "sha512", dg + tf + "user!a,b!d!")
add_validate("too short", [], "sha512", dg + tf[:7])
add_validate("wrong client address", [], "sha512", b, client_ip="10.0.0.1")
add_validate("expired", [], "sha512", b, now=500)
add_validate("valid just before expiry", [], "sha512", b, now=499.999)

b = base("user", None, "100%")
dg, tf = b[:128], b[128:136]
add_validate("data '100%' canonical", [], "sha512", b)
add_validate("data '100%' with a bare '%'", ["NonCanonical"], "sha512", dg + tf + "user!!100%")
add_validate("data '100%' with '%' escaped twice", [], "sha512", dg + tf + "user!!100%2525")

b = base("user", None, "\u00e9/~")
dg, tf = b[:128], b[128:136]
add_validate("data '\u00e9/~' canonical", [], "sha512", b)
add_validate("lowercase hex escapes", ["NonCanonical"], "sha512", dg + tf + "user!!%c3%a9/~")
add_validate("raw UTF-8 instead of escapes", ["NonCanonical"], "sha512", dg + tf + "user!!\u00e9/~")
add_validate("escaped '/' and '~'", ["NonCanonical"], "sha512", dg + tf + "user!!%C3%A9%2F%7E")
add_validate("half escaped, half raw", ["NonCanonical"], "sha512", dg + tf + "user!!%C3\u00a9/~")

b = base("user", None, "\ufffd")
dg, tf = b[:128], b[128:136]
add_validate("data U+FFFD canonical", [], "sha512", b)
add_validate("invalid UTF-8 escape decodes to U+FFFD", ["NonCanonical"], "sha512", dg + tf + "user!!%FF")
add_validate("two invalid bytes give two U+FFFD", ["NonCanonical"], "sha512", dg + tf + "user!!%FF%FF")
add_validate("truncated sequence is one maximal subpart", ["NonCanonical"], "sha512", dg + tf + "user!!%E2%82")

json.dump({
    "source": "generated by authtkt/testdata/make_ticket_auth_vectors.py with ticket_auth 0.1.4 on CPython "
              + platform.python_version() + "; every ticket and verdict is ticket_auth's",
    "make": make,
    "validate": validate,
}, sys.stdout, indent=1, ensure_ascii=False)
sys.stdout.write("\n")
