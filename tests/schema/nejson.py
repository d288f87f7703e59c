"""Validate newsenrich's output records (Python 3 stdlib only).

- strict_loads(): JSON as a consumer must be able to read it: UTF-8, no
  duplicate keys, no NaN/Infinity, no lone surrogates in strings.
- Validator: the subset of JSON Schema (draft 2020-12) that schemas/ uses:
  $ref (local and to another file in schemas/), $defs, type, const, enum,
  properties, required, additionalProperties, items, minimum, maximum,
  minLength, maxLength, pattern, anyOf. An unknown keyword is an error, so
  a typo in a schema cannot silently switch a check off.
- span_errors(): the offset contract: every span lies inside its field, on
  UTF-8 character boundaries, and its text equals the bytes it covers;
  entity references resolve.
"""
import json
import os
import re

SCHEMA_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "schemas")

ANNOTATIONS = {"$schema", "$id", "title", "description", "$defs"}
KEYWORDS = {"$ref", "type", "const", "enum", "properties", "required",
            "additionalProperties", "items", "minimum", "maximum", "minLength",
            "maxLength", "pattern", "anyOf"} | ANNOTATIONS


class JSONError(ValueError):
    pass


def _no_dupes(pairs):
    d = {}
    for k, v in pairs:
        if k in d:
            raise JSONError("duplicate key %r" % k)
        d[k] = v
    return d


def _no_constant(name):
    raise JSONError("non-standard number %s" % name)


def _check_strings(v):
    if isinstance(v, str):
        try:
            v.encode("utf-8")
        except UnicodeEncodeError:
            raise JSONError("string with a lone surrogate: %r" % v[:40])
    elif isinstance(v, dict):
        for k, x in v.items():
            _check_strings(k)
            _check_strings(x)
    elif isinstance(v, list):
        for x in v:
            _check_strings(x)


def strict_loads(raw):
    """Parse one JSON document from bytes; raises JSONError."""
    try:
        text = raw.decode("utf-8") if isinstance(raw, bytes) else raw
        v = json.loads(text, object_pairs_hook=_no_dupes, parse_constant=_no_constant)
    except (UnicodeDecodeError, ValueError) as e:
        raise JSONError(str(e))
    _check_strings(v)
    return v


def _type_ok(v, t):
    if t == "null":
        return v is None
    if t == "boolean":
        return isinstance(v, bool)
    if t == "integer":
        return isinstance(v, int) and not isinstance(v, bool)
    if t == "number":
        return isinstance(v, (int, float)) and not isinstance(v, bool)
    if t == "string":
        return isinstance(v, str)
    if t == "array":
        return isinstance(v, list)
    if t == "object":
        return isinstance(v, dict)
    raise ValueError("unknown type %r in schema" % t)


class Validator:
    """Schemas are files of schemas/ named by their record's schema value:
    newsenrich.article/1 -> newsenrich.article.1.json."""

    def __init__(self, schema_dir=SCHEMA_DIR):
        self.dir = schema_dir
        self.docs = {}

    def _doc(self, name):
        if name not in self.docs:
            with open(os.path.join(self.dir, name), "rb") as f:
                self.docs[name] = strict_loads(f.read())
        return self.docs[name]

    def _resolve(self, ref, base):
        name, _, pointer = ref.partition("#")
        name = name or base
        node = self._doc(name)
        for part in [p for p in pointer.split("/") if p]:
            node = node[part.replace("~1", "/").replace("~0", "~")]
        return node, name

    def errors(self, instance, schema_value=None):
        """All violations of the record's schema, as "path: problem"."""
        if schema_value is None:
            schema_value = instance.get("schema") if isinstance(instance, dict) else None
        if not isinstance(schema_value, str) or not re.match(r"^newsenrich\.[a-z]+/[0-9]+$", schema_value):
            return ["$: no known schema %r" % (schema_value,)]
        name = schema_value.replace("/", ".") + ".json"
        if not os.path.exists(os.path.join(self.dir, name)):
            return ["$: no schema file %s" % name]
        out = []
        self._check(instance, self._doc(name), name, "$", out)
        return out

    def _check(self, v, s, base, path, out):
        unknown = set(s) - KEYWORDS
        if unknown:
            raise ValueError("%s: unsupported schema keywords %s" % (base, sorted(unknown)))
        if "$ref" in s:
            target, tbase = self._resolve(s["$ref"], base)
            self._check(v, target, tbase, path, out)
        if "type" in s:
            types = s["type"] if isinstance(s["type"], list) else [s["type"]]
            if not any(_type_ok(v, t) for t in types):
                out.append("%s: %s is not of type %s" % (path, _short(v), "/".join(types)))
                return
        if "const" in s and not _same(v, s["const"]):
            out.append("%s: %s is not %r" % (path, _short(v), s["const"]))
        if "enum" in s and not any(_same(v, e) for e in s["enum"]):
            out.append("%s: %s is not one of %s" % (path, _short(v), s["enum"]))
        if "anyOf" in s:
            for sub in s["anyOf"]:
                trial = []
                self._check(v, sub, base, path, trial)
                if not trial:
                    break
            else:
                out.append("%s: %s matches none of anyOf" % (path, _short(v)))
        if isinstance(v, (int, float)) and not isinstance(v, bool):
            if "minimum" in s and v < s["minimum"]:
                out.append("%s: %r < minimum %r" % (path, v, s["minimum"]))
            if "maximum" in s and v > s["maximum"]:
                out.append("%s: %r > maximum %r" % (path, v, s["maximum"]))
        if isinstance(v, str):
            if "minLength" in s and len(v) < s["minLength"]:
                out.append("%s: string shorter than %d" % (path, s["minLength"]))
            if "maxLength" in s and len(v) > s["maxLength"]:
                out.append("%s: string longer than %d" % (path, s["maxLength"]))
            if "pattern" in s and not re.search(s["pattern"], v):
                out.append("%s: %s does not match %s" % (path, _short(v), s["pattern"]))
        if isinstance(v, dict):
            props = s.get("properties", {})
            for k in s.get("required", []):
                if k not in v:
                    out.append("%s: required member %r missing" % (path, k))
            for k, x in v.items():
                if k in props:
                    self._check(x, props[k], base, "%s.%s" % (path, k), out)
                elif s.get("additionalProperties") is False:
                    out.append("%s: unexpected member %r" % (path, k))
                elif isinstance(s.get("additionalProperties"), dict):
                    self._check(x, s["additionalProperties"], base, "%s.%s" % (path, k), out)
        if isinstance(v, list) and "items" in s:
            for i, x in enumerate(v):
                self._check(x, s["items"], base, "%s[%d]" % (path, i), out)


def _same(a, b):
    """JSON equality: 1 == 1.0 but true != 1."""
    if isinstance(a, bool) or isinstance(b, bool):
        return type(a) is type(b) and a == b
    return a == b


def _short(v):
    s = json.dumps(v, ensure_ascii=False)
    return s if len(s) <= 60 else s[:57] + "..."


# ---- the offset contract ------------------------------------------------

def _span_error(obj, fields, where):
    name = obj.get("field")
    if name not in fields:
        return "%s: unknown field %r" % (where, name)
    data = fields[name]
    start, end = obj.get("start"), obj.get("end")
    if not (isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= len(data)):
        return "%s: %r..%r outside the %d-byte %s" % (where, start, end, len(data), name)
    for off in (start, end):
        if off < len(data) and 0x80 <= data[off] <= 0xBF:
            return "%s: offset %d of %s is inside a character" % (where, off, name)
    if "text" in obj and obj["text"].encode("utf-8") != data[start:end]:
        return "%s: text %r is not the bytes %r at %d..%d" % (
            where, obj["text"][:40], data[start:end][:40], start, end)
    return None


def span_errors(article):
    """Offset and reference violations of one newsenrich.article/1 record."""
    out = []
    fields = {"title": (article.get("title") or "").encode("utf-8"),
              "body": (article.get("body") or "").encode("utf-8")}
    ents = article.get("entities") or []
    ids = {"e%d" % (i + 1) for i in range(len(ents))}

    def span(obj, where):
        e = _span_error(obj, fields, where)
        if e:
            out.append(e)

    for i, e in enumerate(ents):
        if e.get("id") != "e%d" % (i + 1):
            out.append("entities[%d]: id %r" % (i, e.get("id")))
        for k, m in enumerate(e.get("mentions") or []):
            span(m, "entities[%d].mentions[%d]" % (i, k))
    for i, c in enumerate(article.get("claims") or []):
        span(c, "claims[%d]" % i)
        if c.get("speaker"):
            span(c["speaker"], "claims[%d].speaker" % i)
            ref = c["speaker"].get("entity")
            if ref is not None and ref not in ids:
                out.append("claims[%d].speaker.entity %r does not exist" % (i, ref))
        if c.get("cue"):
            span(c["cue"], "claims[%d].cue" % i)
        for ref in c.get("entities") or []:
            if ref not in ids:
                out.append("claims[%d].entities: %r does not exist" % (i, ref))
    for key in ("quantities", "dates"):
        for i, q in enumerate(article.get(key) or []):
            span(q, "%s[%d]" % (key, i))
    return out


def record_errors(validator, raw, article=None):
    """Parse, validate and check one record (bytes). An entity or claim
    record is compared with its article's object when article is given."""
    try:
        rec = strict_loads(raw)
    except JSONError as e:
        return None, ["not valid JSON: %s" % e]
    errs = validator.errors(rec)
    if errs:
        return rec, errs
    kind = rec["schema"]
    if kind == "newsenrich.article/1":
        errs = span_errors(rec)
    elif article is not None and kind in ("newsenrich.entity/1", "newsenrich.claim/1"):
        inner = rec["entity"] if kind == "newsenrich.entity/1" else rec["claim"]
        lst = article["entities"] if kind == "newsenrich.entity/1" else article["claims"]
        # "e3" / "c3" is the third of the article's list (ids are checked)
        k = int(inner["id"][1:]) - 1
        if not 0 <= k < len(lst) or lst[k] != inner:
            errs.append("%s record's object is not in its article" % kind)
        if rec["article_id"] != article["id"] or rec["language"] != article["language"]["code"]:
            errs.append("%s record's article_id or language differs" % kind)
    return rec, errs
