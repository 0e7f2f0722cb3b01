#!/usr/bin/env python3
"""Check a DelegateZero audit bundle, written from docs/audit.md alone.

Usage: python3 verify_audit.py BUNDLE.json [--key VERIFIERKEY]

Follows "Verifying a bundle" in docs/audit.md step by step. On success it
prints one line and exits 0; on failure it prints the failing step and exits 1.
Python 3.11 standard library only: Ed25519 verification (RFC 8032) is below.
"""

import argparse
import base64
import binascii
import datetime
import hashlib
import json
import re
import sys

BUNDLE_FORMAT = "dz-audit-bundle/v1"
KEY_NAME = "delegatezero-audit"
ORIGIN_PREFIX = "delegatezero/"
FIELD_TAG = b"dz-audit-field/v1"
LEAF_HEADER = b"dz-audit-leaf/v1\n"
SIG_PREFIX = "\u2014 "  # an em dash and a space start a signature line
HEX64 = re.compile(r"[0-9a-f]{64}")
HEX32 = re.compile(r"[0-9a-f]{32}")
RFC3339_UTC = re.compile(r"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(\.\d{1,9})?Z")


class Failure(Exception):
    """A check that failed; step is the number in docs/audit.md (0: reading)."""

    def __init__(self, step, message):
        super().__init__(message)
        self.step = step


def require(ok, step, message):
    if not ok:
        raise Failure(step, message)


# --- Ed25519 verification (RFC 8032 section 5.1.7, after its section 6) ---

P = 2**255 - 19
L = 2**252 + 27742317777372353535851937790883648493
D = -121665 * pow(121666, P - 2, P) % P
SQRT_M1 = pow(2, (P - 1) // 4, P)


def _add(a, b):
    """Adds two points in extended coordinates (X, Y, Z, T)."""
    x1, y1, z1, t1 = a
    x2, y2, z2, t2 = b
    e1, e2 = (y1 - x1) * (y2 - x2) % P, (y1 + x1) * (y2 + x2) % P
    c, dd = 2 * t1 * t2 * D % P, 2 * z1 * z2 % P
    e, f, g, h = e2 - e1, dd - c, dd + c, e2 + e1
    return (e * f % P, g * h % P, f * g % P, e * h % P)


def _mul(s, pt):
    q = (0, 1, 1, 0)
    while s > 0:
        if s & 1:
            q = _add(q, pt)
        pt = _add(pt, pt)
        s >>= 1
    return q


def _equal(a, b):
    return (a[0] * b[2] - b[0] * a[2]) % P == 0 and (a[1] * b[2] - b[1] * a[2]) % P == 0


def _recover_x(y, sign):
    if y >= P:
        return None
    x2 = (y * y - 1) * pow(D * y * y + 1, P - 2, P) % P
    if x2 == 0:
        return None if sign else 0
    x = pow(x2, (P + 3) // 8, P)
    if (x * x - x2) % P != 0:
        x = x * SQRT_M1 % P
    if (x * x - x2) % P != 0:
        return None
    return P - x if (x & 1) != sign else x


def _decompress(b):
    y = int.from_bytes(b, "little")
    sign, y = y >> 255, y & ((1 << 255) - 1)
    x = _recover_x(y, sign)
    return None if x is None else (x, y, 1, x * y % P)


_GY = 4 * pow(5, P - 2, P) % P
_GX = _recover_x(_GY, 0)
BASE = (_GX, _GY, 1, _GX * _GY % P)


def ed25519_verify(public, message, signature):
    """Reports whether signature is public's Ed25519 signature of message."""
    if len(public) != 32 or len(signature) != 64:
        return False
    a, r = _decompress(public), _decompress(signature[:32])
    s = int.from_bytes(signature[32:], "little")
    if a is None or r is None or s >= L:
        return False
    h = int.from_bytes(hashlib.sha512(signature[:32] + public + message).digest(), "little") % L
    return _equal(_mul(s, BASE), _add(r, _mul(h, a)))


# --- Signed notes (golang.org/x/mod/sumdb/note) ---


def key_hash(name, key):
    """The note key hash: the first 4 bytes of SHA-256(name || "\\n" || key)."""
    return hashlib.sha256(name.encode() + b"\n" + key).digest()[:4]


def b64decode(text, what, step):
    """Standard base64 in canonical form only: re-encoding gives the text
    back, so the unused bits of the last character are zero."""
    try:
        raw = base64.b64decode(text.encode("ascii"), validate=True)
    except (binascii.Error, UnicodeEncodeError, AttributeError):
        raise Failure(step, f"{what} is not standard base64: {text!r}") from None
    if base64.b64encode(raw).decode("ascii") != text:
        raise Failure(step, f"{what} is not canonical base64: {text!r}")
    return raw


def parse_verifier_key(vkey, step):
    """Reads NAME+HASH+BASE64(0x01 || public key) and checks its key hash."""
    require(isinstance(vkey, str), step, "verifier key is not a string")
    parts = vkey.split("+", 2)  # base64 may itself hold "+"
    require(len(parts) == 3, step, f"verifier key {vkey!r} is not NAME+HASH+KEY")
    name, hash_hex, data = parts
    require(name == KEY_NAME, step, f"verifier key names {name!r}, want {KEY_NAME!r}")
    require(re.fullmatch(r"[0-9a-f]{8}", hash_hex) is not None, step,
            f"verifier key hash {hash_hex!r} is not 8 lower-case hex digits")
    key = b64decode(data, "verifier key data", step)
    require(len(key) == 33 and key[0] == 1, step,
            "verifier key data is not 0x01 followed by a 32-byte Ed25519 public key")
    want = key_hash(name, key)
    require(want.hex() == hash_hex, step,
            f"verifier key hash is {hash_hex}, but SHA-256(name, newline, key) gives {want.hex()}")
    return name, want, key[1:]


def open_note(note, name, khash, public, step):
    """Returns the note's text if a signature line by (name, khash) verifies."""
    require(isinstance(note, str), step, "checkpoint is not a string")
    require(all(c == "\n" or ord(c) >= 0x20 for c in note), step,
            "checkpoint holds a control character other than newline")
    split = note.rfind("\n\n")
    require(split >= 0, step, "checkpoint has no blank line before its signatures")
    text, sigs = note[: split + 1], note[split + 2:]
    require(sigs.endswith("\n"), step, "checkpoint's signature block does not end in a newline")
    lines = sigs[:-1].split("\n")
    require(len(lines) <= 100, step, "checkpoint has more than 100 signature lines")
    found = False
    for line in lines:
        require(line.startswith(SIG_PREFIX), step, f"signature line {line!r} does not start with an em dash")
        sig_name, sep, sig_b64 = line[len(SIG_PREFIX):].partition(" ")
        require(sep == " " and sig_name and "+" not in sig_name, step, f"malformed signature line {line!r}")
        sig = b64decode(sig_b64, "signature", step)
        require(len(sig) >= 5, step, f"signature in line {line!r} is too short")
        if sig_name != name or sig[:4] != khash:
            continue  # another key's signature: ignored
        require(len(sig) == 68, step, "signature by the key is not 4 + 64 bytes")
        require(ed25519_verify(public, utf8(text, "checkpoint", step), sig[4:]), step,
                f"the Ed25519 signature by {name}+{khash.hex()} does not verify over the note's text")
        found = True
    require(found, step, f"checkpoint has no signature by {name}+{khash.hex()}")
    return text


def parse_checkpoint(text, step):
    """Reads ORIGIN, SIZE and BASE64-ROOT from the note's three lines."""
    lines = text.split("\n")
    require(len(lines) == 4 and lines[3] == "", step, f"checkpoint text is not three lines: {text!r}")
    origin, size, root_b64 = lines[:3]
    require(origin.startswith(ORIGIN_PREFIX) and len(origin) > len(ORIGIN_PREFIX), step,
            f"checkpoint origin {origin!r} is not {ORIGIN_PREFIX}WORKSPACE-SLUG")
    require(re.fullmatch(r"0|[1-9][0-9]*", size) is not None, step, f"checkpoint size {size!r} is not a number")
    root = b64decode(root_b64, "checkpoint root", step)
    require(len(root) == 32, step, "checkpoint root is not 32 bytes")
    return origin, int(size), root


# --- Fields, leaf and Merkle tree ---


def commitment(salt, name, value):
    """hex(SHA-256("dz-audit-field/v1" || 0x00 || salt || name || 0x00 || value))."""
    return hashlib.sha256(FIELD_TAG + b"\x00" + salt + name + b"\x00" + value).hexdigest()


def utf8(text, what, step):
    try:
        return text.encode("utf-8")
    except UnicodeEncodeError:
        raise Failure(step, f"{what} is not valid UTF-8") from None


def check_name(name, step):
    """Names are printable UTF-8 with no spaces, 1 to 512 bytes."""
    require(isinstance(name, str) and name != "", step, f"field name {name!r} is not a non-empty string")
    raw = utf8(name, f"field name {name!r}", step)
    require(len(raw) <= 512, step, f"field name {name[:40]!r}… is longer than 512 bytes")
    bad = [c for c in name if c.isspace() or not c.isprintable()]
    require(not bad, step, f"field name {name!r} holds a space or control character")
    return raw


def hash_children(left, right):
    return hashlib.sha256(b"\x01" + left + right).digest()


def verify_inclusion(index, size, leaf, proof, root):
    """RFC 9162 section 2.1.3.2: the root that proof gives for leaf at index."""
    require(index < size, 6, f"index {index} is not below tree size {size}")
    fn, sn, r = index, size - 1, leaf
    for p in proof:
        require(sn != 0, 6, "the inclusion proof is longer than the tree is deep")
        if fn & 1 or fn == sn:
            r = hash_children(p, r)
            while not fn & 1 and fn != 0:
                fn, sn = fn >> 1, sn >> 1
        else:
            r = hash_children(r, p)
        fn, sn = fn >> 1, sn >> 1
    require(sn == 0, 6, "the inclusion proof is shorter than the tree is deep")
    require(r == root, 6, f"the inclusion proof leads to root {base64.b64encode(r).decode()}, "
            f"not the checkpoint's {base64.b64encode(root).decode()}")


# --- The steps of "Verifying a bundle" ---


def choose_key(bundle, pinned):
    """Step 1: the format, and the key: pinned if given, else the bundle's."""
    require(bundle.get("format") == BUNDLE_FORMAT, 1,
            f"format is {bundle.get('format')!r}, want {BUNDLE_FORMAT!r}")
    served = bundle.get("public_key")
    if pinned is not None:
        require(served in (None, "", pinned), 1,
                f"the bundle's public_key {served!r} is not the pinned key {pinned!r}")
        return pinned, "pinned"
    require(isinstance(served, str) and served != "", 1, "no --key given and the bundle has no public_key")
    return served, "taken from the bundle, not pinned"


def check_fields(record):
    """Steps 3 and 5: every shown value against its commitment; the leaf."""
    fields = record.get("fields")
    require(isinstance(fields, list) and fields, 3, "record.fields is not a non-empty list")
    lines, shown, seen = [], {}, set()
    for f in fields:
        require(isinstance(f, dict), 3, "a field is not an object")
        name = f.get("name")
        raw_name = check_name(name, 5)
        require(name not in seen, 5, f"field {name!r} appears twice")
        seen.add(name)
        c = f.get("commitment")
        require(isinstance(c, str) and HEX64.fullmatch(c) is not None, 3,
                f"field {name!r}: commitment is not 64 lower-case hex digits")
        salt, value = f.get("salt"), f.get("value")
        if salt in (None, "") and value in (None, ""):
            lines.append((raw_name, c))
            continue  # withheld or erased
        require(isinstance(salt, str) and HEX32.fullmatch(salt) is not None, 3,
                f"field {name!r}: salt is not 32 lower-case hex digits")
        require(isinstance(value, str) and value != "", 3, f"field {name!r}: has a salt but no value")
        got = commitment(bytes.fromhex(salt), raw_name, utf8(value, f"field {name!r} value", 3))
        require(got == c, 3, f"field {name!r}: salt, name and value commit to {got}, not {c}")
        lines.append((raw_name, c))
        shown[name] = value
    lines.sort()
    leaf = LEAF_HEADER + b"".join(c.encode() + b" " + n + b"\n" for n, c in lines)
    return shown, hashlib.sha256(b"\x00" + leaf).digest()


def check_header(record, shown):
    """Step 4: shown decision_id, workspace_id, created_at match the record."""
    for name in ("decision_id", "workspace_id", "created_at"):
        if name not in shown:
            continue
        try:
            got = json.loads(shown[name])
        except ValueError:
            raise Failure(4, f"field {name!r} value {shown[name]!r} is not JSON") from None
        want = record.get(name)
        if name == "workspace_id":
            ok = type(got) is int and type(want) is int and got == want
        else:
            ok = isinstance(got, str) and isinstance(want, str) and got == want
        require(ok, 4, f"field {name!r} is {shown[name]}, but the record says {json.dumps(want)}")
    if "created_at" in shown:
        check_time(record["created_at"])


def check_time(text):
    m = RFC3339_UTC.fullmatch(text)
    require(m is not None, 4, f"created_at {text!r} is not RFC 3339 in UTC")
    try:
        datetime.datetime.strptime(m.group(1), "%Y-%m-%dT%H:%M:%S")
    except ValueError:
        raise Failure(4, f"created_at {text!r} is not a real time") from None


def uint(value, what, step):
    require(type(value) is int and value >= 0, step, f"{what} is not a non-negative integer: {value!r}")
    return value


def verify(bundle, pinned=None):
    """Runs steps 1 to 6 on a parsed bundle; returns a one-line summary."""
    require(isinstance(bundle, dict), 1, "the bundle is not a JSON object")
    vkey, how = choose_key(bundle, pinned)
    name, khash, public = parse_verifier_key(vkey, 2)
    text = open_note(bundle.get("checkpoint"), name, khash, public, 2)
    origin, size, root = parse_checkpoint(text, 2)
    tree_size = uint(bundle.get("tree_size"), "tree_size", 2)
    require(size == tree_size, 2, f"checkpoint size {size} is not tree_size {tree_size}")
    record = bundle.get("record")
    require(isinstance(record, dict), 3, "record is not an object")
    shown, leaf_hash = check_fields(record)
    check_header(record, shown)
    given = bundle.get("leaf_hash")
    if given not in (None, ""):
        require(given == leaf_hash.hex(), 5, f"leaf_hash is {given}, but the fields hash to {leaf_hash.hex()}")
    index = uint(record.get("index"), "record.index", 6)
    proof = bundle.get("proof")
    require(isinstance(proof, list), 6, "proof is not a list")
    hashes = [b64decode(p, f"proof[{i}]", 6) for i, p in enumerate(proof)]
    require(all(len(h) == 32 for h in hashes), 6, "a proof hash is not 32 bytes")
    verify_inclusion(index, size, leaf_hash, hashes, root)
    withheld = len(record["fields"]) - len(shown)
    unchecked = [n for n in ("decision_id", "workspace_id", "created_at") if n not in shown]
    note = f"; not backed by a shown field: record {', '.join(unchecked)}" if unchecked else ""
    return (f"OK {record.get('decision_id')}: leaf {index} of {size} in {origin}, "
            f"{len(shown)} fields checked, {withheld} withheld{note}; key {name}+{khash.hex()} {how}")


def no_duplicates(pairs):
    keys = [k for k, _ in pairs]
    if len(keys) != len(set(keys)):
        raise ValueError(f"duplicate key in object: {sorted(k for k in keys if keys.count(k) > 1)[0]!r}")
    return dict(pairs)


def main(argv):
    parser = argparse.ArgumentParser(description="Check a DelegateZero audit bundle (docs/audit.md).")
    parser.add_argument("bundle", help="the bundle's JSON file, or - for standard input")
    parser.add_argument("--key", help="a verifier key you trust: delegatezero-audit+HASH+KEY")
    args = parser.parse_args(argv)
    try:
        try:
            if args.bundle == "-":
                raw = sys.stdin.buffer.read()
            else:
                with open(args.bundle, "rb") as f:
                    raw = f.read()
            bundle = json.loads(raw.decode("utf-8"), object_pairs_hook=no_duplicates)
        except (OSError, UnicodeDecodeError, ValueError) as e:
            raise Failure(0, f"reading {args.bundle}: {e}") from None
        print(verify(bundle, args.key))
        return 0
    except Failure as e:
        print(f"FAIL step {e.step}: {e}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
