#!/usr/bin/python3
"""Validates a SARIF log against the official SARIF 2.1.0 schema.

Usage: validate_sarif.py SCHEMA LOG
Exit 0 when LOG is valid; 1 with every error on stderr when it is not;
77 (the automake "skip" code) when python3-jsonschema is not installed.

jsonschema checks "format": "uri"/"uri-reference" only with optional
packages, so every URI in the log is also checked here against the RFC 3986
character set: a path with a space, '#' or a non-ASCII byte must be
percent-encoded or a dashboard cannot open it.
"""
import json
import re
import sys

try:
    import jsonschema
except ImportError:
    print("python3-jsonschema is not installed", file=sys.stderr)
    sys.exit(77)

# RFC 3986: unreserved, reserved and percent-encoded octets only.
URI_CHARS = re.compile(r"^(?:[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=]|%[0-9A-Fa-f]{2})*$")
URI_KEYS = {"uri", "informationUri", "downloadUri", "helpUri", "$schema"}


def uri_errors(node, path="$"):
    if isinstance(node, dict):
        for key, value in node.items():
            where = f"{path}.{key}"
            if key in URI_KEYS and isinstance(value, str) and not URI_CHARS.match(value):
                yield f"{where}: not an RFC 3986 URI reference: {value!r}"
            yield from uri_errors(value, where)
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from uri_errors(value, f"{path}[{i}]")


def main(argv):
    if len(argv) != 3:
        print(__doc__, file=sys.stderr)
        return 2
    with open(argv[1], encoding="utf-8") as f:
        schema = json.load(f)
    with open(argv[2], encoding="utf-8") as f:
        log = json.load(f)
    validator = jsonschema.Draft4Validator(schema, format_checker=jsonschema.FormatChecker())
    errors = [f"{'/'.join(map(str, e.absolute_path)) or '$'}: {e.message}" for e in validator.iter_errors(log)]
    errors += list(uri_errors(log))
    for error in errors[:50]:
        print(error, file=sys.stderr)
    if errors:
        print(f"{len(errors)} error(s) in {argv[2]}", file=sys.stderr)
        return 1
    print(f"{argv[2]}: valid SARIF 2.1.0")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
