"""A small reader for the RON that Strider writes (serde's `ron` output), enough to check a saved
model from a GUI test without another tool in between.

    model = ron.load(path)["model"]
    model["threats"][0]["source"]

Structs and tuples `( ... )` become dicts when their entries are `name: value`, else lists;
`[ ... ]` lists; `{ ... }` dicts; strings (with RON's escapes), numbers, `true`/`false`;
bare identifiers (enum variants such as `High`) strings; `Some(x)` is x, `None` is None;
a variant with fields, `Name(...)`, becomes {"Name": ...}.
"""

import re

_WS = re.compile(r"(?:\s+|//[^\n]*|/\*.*?\*/)*", re.S)
_NUM = re.compile(r"[-+]?(?:\d[\d_]*)?(?:\.\d+)?(?:[eE][-+]?\d+)?")
_IDENT = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_ESC = {"n": "\n", "t": "\t", "r": "\r", "0": "\0", "\\": "\\", '"': '"', "'": "'"}


class RonError(ValueError):
    pass


class _Parser:
    def __init__(self, text):
        self.s = text
        self.i = 0

    def ws(self):
        self.i = _WS.match(self.s, self.i).end()

    def peek(self):
        self.ws()
        return self.s[self.i] if self.i < len(self.s) else ""

    def expect(self, ch):
        if self.peek() != ch:
            self.fail(f"expected {ch!r}")
        self.i += 1

    def fail(self, msg):
        line = self.s.count("\n", 0, self.i) + 1
        col = self.i - (self.s.rfind("\n", 0, self.i) + 1) + 1
        raise RonError(f"{line}:{col}: {msg}")

    def value(self):
        c = self.peek()
        if c == "(":
            return self.group(")")
        if c == "[":
            self.i += 1
            out = []
            while self.peek() != "]":
                out.append(self.value())
                if self.peek() == ",":
                    self.i += 1
            self.i += 1
            return out
        if c == "{":
            self.i += 1
            out = {}
            while self.peek() != "}":
                k = self.value()
                self.expect(":")
                out[k] = self.value()
                if self.peek() == ",":
                    self.i += 1
            self.i += 1
            return out
        if c == '"':
            return self.string()
        if c == "r" and self.s.startswith(('r"', 'r#'), self.i):
            return self.raw_string()
        m = _IDENT.match(self.s, self.i)
        if m:
            word = m.group()
            self.i = m.end()
            if word in ("true", "false"):
                return word == "true"
            if word == "None":
                return None
            if self.peek() == "(":
                inner = self.group(")")
                if word == "Some":
                    return inner[0] if isinstance(inner, list) and len(inner) == 1 else inner
                return {word: inner}
            return word
        m = _NUM.match(self.s, self.i)
        if m and m.group() not in ("", "-", "+"):
            self.i = m.end()
            t = m.group().replace("_", "")
            return float(t) if any(ch in t for ch in ".eE") else int(t)
        if c == "'":
            self.i += 1
            ch = self.s[self.i]
            self.i += 2
            return ch
        self.fail(f"unexpected {c!r}")

    def group(self, close):
        """`( a: 1, b: 2 )` -> dict, `( 1, 2 )` -> list."""
        self.i += 1
        fields, items = {}, []
        while self.peek() != close:
            save = self.i
            m = _IDENT.match(self.s, self.i)
            if m:
                self.i = m.end()
                if self.peek() == ":":
                    self.i += 1
                    fields[m.group()] = self.value()
                    if self.peek() == ",":
                        self.i += 1
                    continue
                self.i = save
            items.append(self.value())
            if self.peek() == ",":
                self.i += 1
        self.i += 1
        if fields and items:
            self.fail("a group mixes named and unnamed entries")
        return fields if fields or not items else items

    def string(self):
        self.i += 1
        out = []
        s = self.s
        while True:
            if self.i >= len(s):
                self.fail("unterminated string")
            c = s[self.i]
            if c == '"':
                self.i += 1
                return "".join(out)
            if c == "\\":
                n = s[self.i + 1]
                if n in _ESC:
                    out.append(_ESC[n])
                    self.i += 2
                elif n == "u":
                    end = s.index("}", self.i) if s[self.i + 2] == "{" else self.i + 6
                    hexd = s[self.i + 2:end].strip("{}")
                    out.append(chr(int(hexd, 16)))
                    self.i = end + (1 if s[self.i + 2] == "{" else 0)
                elif n == "x":
                    out.append(chr(int(s[self.i + 2:self.i + 4], 16)))
                    self.i += 4
                elif n == "\n":
                    self.i += 2
                    while s[self.i] in " \t\n\r":
                        self.i += 1
                else:
                    self.fail(f"unknown escape \\{n}")
            else:
                out.append(c)
                self.i += 1

    def raw_string(self):
        self.i += 1
        hashes = 0
        while self.s[self.i] == "#":
            hashes += 1
            self.i += 1
        self.expect('"')
        end = self.s.index('"' + "#" * hashes, self.i)
        out = self.s[self.i:end]
        self.i = end + 1 + hashes
        return out


def loads(text):
    p = _Parser(text)
    v = p.value()
    if p.peek():
        p.fail("text after the value")
    return v


def load(path):
    with open(path, encoding="utf-8") as f:
        return loads(f.read())


if __name__ == "__main__":
    import json
    import sys
    print(json.dumps(load(sys.argv[1]), indent=1, ensure_ascii=False)[:4000])
