#!/usr/bin/env python3
"""schema-pg.py - translates fundtrack's SQLite migrations (schema/NNN_*.sql)
into PostgreSQL (issue 20): one source for both engines.

    tools/schema-pg.py                 # writes schema/pg/schema.sql
    tools/schema-pg.py --check         # exit 1 when schema/pg/schema.sql is stale
    tools/schema-pg.py --report        # what could not be translated

The output is one script per migration, each headed "-- migration NNN",
run by fundtrack (later: store.c on a server) in one transaction per
migration after schema/pg/compat.sql. The rules (docs/postgresql.md):

- INTEGER -> BIGINT (cents exceed int4), REAL -> DOUBLE PRECISION,
  TEXT -> TEXT COLLATE "C" (byte order, as SQLite's BINARY), STRICT dropped;
- INTEGER PRIMARY KEY -> BIGINT PRIMARY KEY plus a BEFORE INSERT trigger
  ft_next_id() (compat.sql): ids as SQLite gives them, no gaps;
- x GLOB p -> ft_glob(x, p); a IS b -> a IS NOT DISTINCT FROM b (and IS
  NOT); char(n) -> chr(n); WHERE 0/1 -> WHERE false/true;
- json_object(k, v, ...) -> json_object(VARIADIC ARRAY[k, ft_jv(v), ...])
  (compat.sql: SQLite's compact JSON text, byte for byte);
- CREATE TRIGGER ... [WHEN w] BEGIN s; ... END -> a plpgsql function
  (IF w THEN s; ... END IF) and CREATE TRIGGER ... EXECUTE FUNCTION;
  SELECT RAISE(ABORT, 'm') [rest] -> IF EXISTS (SELECT 1 rest) THEN RAISE
  EXCEPTION USING MESSAGE = 'm'; INSERT OR REPLACE -> INSERT ... ON
  CONFLICT (primary key) DO UPDATE; DROP TRIGGER t -> DROP TRIGGER t ON
  its table;
- PRAGMA application_id/user_version: none (the server keeps the version
  in fundtrack_meta);
- a statement in schema/pg/overrides.sql (headed "-- override: <object>")
  replaces the translation of the statement that creates or changes that
  object: for what has no mechanical translation;
- anything else the translator does not know is written as a comment
  "-- untranslated: ..." and listed by --report; --check fails on it only
  when asked with --strict.
"""
import glob
import os
import re
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "schema", "pg", "schema.sql")
OVERRIDES = os.path.join(ROOT, "schema", "pg", "overrides.sql")


def strip_comments(sql):
    out, i, n = [], 0, len(sql)
    while i < n:
        c = sql[i]
        if c in "'\"":
            j = i + 1
            while j < n:
                if sql[j] == c:
                    if j + 1 < n and sql[j + 1] == c:
                        j += 2
                        continue
                    break
                j += 1
            out.append(sql[i:j + 1])
            i = j + 1
        elif sql.startswith("--", i):
            j = sql.find("\n", i)
            i = n if j < 0 else j
        else:
            out.append(c)
            i += 1
    return "".join(out)


def literals_masked(sql):
    """sql with the inside of '...' replaced by \\0 (same length): regexes
    then never match inside a literal."""
    return re.sub(r"'(?:[^']|'')*'", lambda m: "'" + "\0" * (len(m.group(0)) - 2) + "'", sql)


def statements(sql):
    """Splits a migration into statements; a trigger body's semicolons
    stay inside it (it ends at END;)."""
    sql = strip_comments(sql)
    masked = literals_masked(sql)
    out, start, i = [], 0, 0
    while i < len(sql):
        if masked[i] == ";":
            head = masked[start:i].lstrip()
            if re.match(r"CREATE\s+TRIGGER\b", head, re.I) and not re.search(r"\bEND\s*$", masked[start:i], re.I):
                i += 1
                continue
            text = sql[start:i].strip()
            if text:
                out.append(text)
            start = i + 1
        i += 1
    if sql[start:].strip():
        out.append(sql[start:].strip())
    return out


def sub_code(rx, repl, sql, flags=re.I):
    """re.sub on the code outside literals."""
    masked = literals_masked(sql)
    out, pos = [], 0
    for m in re.finditer(rx, masked, flags):
        out.append(sql[pos:m.start()])
        real = re.compile(rx, flags).match(sql, m.start())  # lookaheads see the rest
        out.append(repl(real) if callable(repl) else real.expand(repl))
        pos = m.end()
    out.append(sql[pos:])
    return "".join(out)


def operand_end(masked, i):
    """End of the expression starting at i: up to AND/OR/THEN/ELSE/END/
    WHEN or a ')' or ',' at depth 0."""
    depth = 0
    while i < len(masked):
        c = masked[i]
        if c == "(":
            depth += 1
        elif c == ")":
            if depth == 0:
                return i
            depth -= 1
        elif c == "," and depth == 0:
            return i
        elif depth == 0 and re.match(r"\s(AND|OR|THEN|ELSE|END|WHEN)\b", masked[i:], re.I):
            return i
        i += 1
    return i


def rewrite_glob(sql):
    while True:
        masked = literals_masked(sql)
        m = re.search(r"([\w.\"]+)\s+(NOT\s+)?GLOB\s+", masked, re.I)
        if not m:
            return sql
        end = operand_end(masked, m.end())
        left, pattern = m.group(1), sql[m.end():end].strip()
        new = f"{'NOT ' if m.group(2) else ''}ft_glob({left}, {pattern})"
        sql = sql[:m.start()] + new + sql[end:]


def split_args(text, start):
    depth, i, args, cur = 0, start, [], start + 1
    masked = literals_masked(text)
    while i < len(text):
        c = masked[i]
        if c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
            if depth == 0:
                args.append(text[cur:i])
                return args, i + 1
        elif c == "," and depth == 1:
            args.append(text[cur:i])
            cur = i + 1
        i += 1
    return None


def rewrite_json_object(sql):
    pos = 0
    while True:
        masked = literals_masked(sql)
        m = re.compile(r"(?<!ft_)\bjson_object\s*\(", re.I).search(masked, pos)
        if not m:
            return sql
        args, end = split_args(sql, m.end() - 1)
        parts = []
        for k, a in enumerate(args):
            a = rewrite_json_object(a.strip())
            if k % 2 == 0:
                parts.append(a + "::text" if a.startswith("'") else f"({a})::text")
            elif re.match(r"(ft_)?json_object\s*\(|(ft_)?json_patch\s*\(|json\s*\(", a, re.I):
                parts.append(f"({a})::text")
            elif a.startswith("'"):
                parts.append(f"ft_jv({a}::text)")
            else:
                parts.append(f"ft_jv({a})")
        new = f"ft_json_object(VARIADIC ARRAY[{', '.join(parts)}]::text[])"
        sql = sql[:m.start()] + new + sql[end:]
        pos = m.start() + len("json_object(")


def expression(sql):
    sql = rewrite_glob(sql)
    sql = sub_code(r"\bIS\s+NOT\s+(?!NULL\b|DISTINCT\b|TRUE\b|FALSE\b)", lambda m: "IS DISTINCT FROM ", sql)
    sql = sub_code(r"\bIS\s+(?!NOT\b|NULL\b|DISTINCT\b|TRUE\b|FALSE\b)", lambda m: "IS NOT DISTINCT FROM ", sql)
    sql = sub_code(r"\bchar\s*\(", lambda m: "chr(", sql)
    sql = sub_code(r"\bWHERE\s+0\b", lambda m: "WHERE false", sql)
    sql = sub_code(r"\bWHERE\s+1\b", lambda m: "WHERE true", sql)
    # a column as a truth value (SQLite's integers 0/1; the schema has no
    # boolean columns): NOT c -> c = 0, WHEN c THEN -> WHEN c <> 0 THEN
    col = r"((?:\w+\.)?(?!NULL\b|EXISTS\b|TRUE\b|FALSE\b)[a-z_]\w*)"
    sql = sub_code(r"\bNOT\s+" + col + r"(?=\s+(?:THEN|AND|OR|END|ELSE)\b|\s*\))",
                   lambda m: f"{m.group(1)} = 0", sql)
    sql = sub_code(r"\bWHEN\s+" + col + r"\s+THEN\b", lambda m: f"WHEN {m.group(1)} <> 0 THEN", sql)
    sql = rewrite_json_object(sql)
    return sql


class Schema:
    def __init__(self):
        self.pk = {}          # table -> [columns]
        self.cols = {}        # table -> [columns]
        self.trigger_table = {}
        self.untranslated = []
        self.rowid_tables = set()  # tables whose hidden rowid the SQL uses


def column_types(body):
    body = sub_code(r"\bINTEGER\s+PRIMARY\s+KEY\b", lambda m: "BIGINT PRIMARY KEY", body)
    body = sub_code(r"\bINTEGER\b", lambda m: "BIGINT", body)
    body = sub_code(r"\bREAL\b", lambda m: "DOUBLE PRECISION", body)
    body = sub_code(r"(?<!AS )\bTEXT\b(?!\s+COLLATE)", lambda m: 'TEXT COLLATE "C"', body)
    return body


def table_name(raw):
    return raw.strip().strip('"')


def create_table(stmt, schema):
    m = re.match(r"CREATE\s+TABLE\s+(IF\s+NOT\s+EXISTS\s+)?([\w\"]+)\s*\((.*)\)\s*(STRICT)?\s*$", stmt, re.I | re.S)
    if not m:
        return None
    name, body = m.group(2), m.group(3)
    t = table_name(name)
    cols, pk = [], []
    masked = literals_masked(body)
    depth, cur, pieces = 0, 0, []
    for i, c in enumerate(masked):
        if c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
        elif c == "," and depth == 0:
            pieces.append(body[cur:i])
            cur = i + 1
    pieces.append(body[cur:])
    rowid_pk = None
    for p in pieces:
        p = p.strip()
        first = p.split()[0] if p.split() else ""
        if first.upper() in ("UNIQUE", "CHECK", "PRIMARY", "FOREIGN", "CONSTRAINT"):
            pm = re.match(r"PRIMARY\s+KEY\s*\(([^)]*)\)", p, re.I)
            if pm:
                pk = [c.strip().strip('"') for c in pm.group(1).split(",")]
            continue
        cols.append(first.strip('"'))
        if re.search(r"\bPRIMARY\s+KEY\b", literals_masked(p), re.I):
            pk = [first.strip('"')]
            if re.match(r"[\w\"]+\s+INTEGER\s+PRIMARY\s+KEY\b", p, re.I):
                rowid_pk = first.strip('"')
    schema.pk[t], schema.cols[t] = pk, cols
    # types per column definition, after its name (a column may be called "text")
    new_pieces = []
    for p in pieces:
        lead = p[:len(p) - len(p.lstrip())]
        words = p.lstrip().split(None, 1)
        first = words[0] if words else ""
        if first.upper() in ("UNIQUE", "CHECK", "PRIMARY", "FOREIGN", "CONSTRAINT") or len(words) < 2:
            new_pieces.append(p)
        else:
            gap = p.lstrip()[len(first):]
            rest = gap.lstrip()
            new_pieces.append(lead + first + gap[:len(gap) - len(rest)] + column_types(rest))
    body = expression(",".join(new_pieces))
    if not rowid_pk and t in schema.rowid_tables:
        # SQLite's hidden rowid, which the views and triggers use
        body += ",\n  rowid BIGINT NOT NULL UNIQUE"
    out = f"CREATE TABLE {name} ({body})"
    if not rowid_pk and t in schema.rowid_tables:
        out += (f";\nCREATE TRIGGER {t}_next_rowid BEFORE INSERT ON {name} FOR EACH ROW "
                f"WHEN (NEW.rowid IS NULL) EXECUTE FUNCTION ft_next_id('rowid')")
    if rowid_pk == "id":
        out += (f";\nCREATE TRIGGER {t}_next_id BEFORE INSERT ON {name} FOR EACH ROW "
                f"WHEN (NEW.id IS NULL) EXECUTE FUNCTION ft_next_id()")
    if t == "audit_log":
        # append-only by permissions too (schema/pg/init-server.sql):
        # officers may add entries, never change or remove them
        out += (";\nDO $$ BEGIN\n  IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'fundtrack_officer') THEN\n"
                "    REVOKE UPDATE, DELETE, TRUNCATE ON audit_log FROM fundtrack_officer;\n"
                "  END IF;\nEND $$")
    # another INTEGER PRIMARY KEY (a 1:1 table's key, e.g. city_id) is
    # always given by the inserts: no numbering needed
    return out


def trigger_statement(s, schema):
    s = s.strip()
    m = re.match(r"SELECT\s+RAISE\s*\(\s*(ABORT|FAIL|ROLLBACK)\s*,\s*('(?:[^']|'')*')\s*\)(.*)$", s, re.I | re.S)
    if m:
        rest = expression(m.group(3).strip())
        raise_ = f"RAISE EXCEPTION USING MESSAGE = {m.group(2)}"
        if not rest:
            return raise_ + ";"
        return f"IF EXISTS (SELECT 1 {rest}) THEN\n      {raise_};\n    END IF;"
    if re.match(r"SELECT\b", s, re.I) and re.search(r"\bRAISE\s*\(", s, re.I):
        schema.untranslated.append("trigger statement with RAISE inside an expression: " + s[:80])
        return None
    m = re.match(r"INSERT\s+OR\s+REPLACE\s+INTO\s+([\w\"]+)\s*\(([^)]*)\)(.*)$", s, re.I | re.S)
    if m:
        t = table_name(m.group(1))
        pk = schema.pk.get(t)
        if not pk:
            schema.untranslated.append(f"INSERT OR REPLACE into {t}: primary key unknown")
            return None
        cols = [c.strip() for c in m.group(2).split(",")]
        sets = ", ".join(f"{c} = excluded.{c}" for c in cols if c not in pk)
        action = f"DO UPDATE SET {sets}" if sets else "DO NOTHING"
        return (f"INSERT INTO {m.group(1)} ({m.group(2)}){expression(m.group(3))}\n"
                f"      ON CONFLICT ({', '.join(pk)}) {action};")
    if re.match(r"(INSERT|UPDATE|DELETE)\b", s, re.I):
        return expression(s) + ";"
    if re.match(r"SELECT\b", s, re.I):
        return "PERFORM " + expression(s[6:].strip()) + ";"
    schema.untranslated.append("trigger statement: " + s[:80])
    return None


def create_trigger(stmt, schema):
    m = re.match(r"CREATE\s+TRIGGER\s+(IF\s+NOT\s+EXISTS\s+)?(\w+)\s+(BEFORE|AFTER|INSTEAD\s+OF)\s+"
                 r"(INSERT|DELETE|UPDATE(?:\s+OF\s+[\w\s,]+?)?)\s+ON\s+([\w\"]+)\s*"
                 r"(FOR\s+EACH\s+ROW\s*)?(WHEN\s+(.*?))?\s*\bBEGIN\b(.*)\bEND\s*$", stmt, re.I | re.S)
    if not m:
        return None
    name, timing, event, table = m.group(2), m.group(3).upper(), m.group(4), m.group(5)
    timing = re.sub(r"\s+", " ", timing)
    when, body = m.group(8), m.group(9)
    schema.trigger_table[name] = table
    parts = [p for p in (x.strip() for x in split_body(body)) if p]
    converted = [trigger_statement(p, schema) for p in parts]
    if any(c is None for c in converted):
        return None
    if timing == "AFTER":
        ret = "NULL"
    elif event.upper().startswith("DELETE"):
        ret = "OLD"
    else:
        ret = "NEW"
    inner = "\n    ".join(converted)
    if when:
        inner = f"IF {expression(when.strip())} THEN\n    {inner}\n  END IF;"
    fn = (f"CREATE OR REPLACE FUNCTION trg_{name}() RETURNS trigger LANGUAGE plpgsql AS $ft$\n"
          f"BEGIN\n  {inner}\n  RETURN {ret};\nEND $ft$;\n")
    return fn + (f"CREATE TRIGGER {name} {timing} {event} ON {table} FOR EACH ROW "
                 f"EXECUTE FUNCTION trg_{name}()")


def split_body(body):
    masked = literals_masked(body)
    out, cur, depth = [], 0, 0
    for i, c in enumerate(masked):
        if c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
        elif c == ";" and depth == 0:
            out.append(body[cur:i])
            cur = i + 1
    out.append(body[cur:])
    return out


BOOLEAN_ITEM = re.compile(r"^\s*(NOT\s|EXISTS\s*\()|(=|<>|!=|<=|>=|<|>|\sIS\s|\sIN\s*\(|\sLIKE\s|\sAND\s|\sOR\s)",
                          re.I)


def top_level(masked, start, end):
    """masked[start:end] with everything inside parentheses blanked."""
    out, depth = [], 0
    for c in masked[start:end]:
        if c == "(":
            depth += 1
            out.append(c if depth == 1 else " ")
        elif c == ")":
            out.append(c if depth == 1 else " ")
            depth -= 1
        else:
            out.append(c if depth == 0 else " ")
    return "".join(out)


def integer_truth_values(sql):
    """In a view, a select-list item that is a truth value (NOT EXISTS
    (...), a = b) becomes CAST(... AS BIGINT) (through INTEGER): SQLite's 1/0, so that a
    UNION with 1 matches and C reads an integer."""
    masked = literals_masked(sql)
    flat = top_level(masked, 0, len(masked))
    out, pos = [], 0
    for m in re.finditer(r"\bSELECT\b", flat, re.I):
        f = re.compile(r"\bFROM\b|\bUNION\b|$", re.I).search(flat, m.end())
        items, cur = [], m.end()
        for i in range(m.end(), f.start()):
            if flat[i] == ",":
                items.append((cur, i))
                cur = i + 1
        items.append((cur, f.start()))
        for a, b in items:
            item_flat = flat[a:b]
            if re.match(r"\s*CASE\b", item_flat, re.I) or not BOOLEAN_ITEM.search(item_flat):
                continue
            alias = re.search(r"\s+AS\s+\w+\s*$", item_flat, re.I)
            e = a + alias.start() if alias else b
            lead = len(sql[a:e]) - len(sql[a:e].lstrip())
            out.append(sql[pos:a + lead])
            expr = sql[a + lead:e].rstrip()
            # boolean -> integer is PostgreSQL's only cast from boolean
            out.append(f"CAST(CAST(({expr}) AS INTEGER) AS BIGINT){sql[a + lead + len(expr):e]}")
            pos = e
    out.append(sql[pos:])
    return "".join(out)


def translate(stmt, schema, overrides):
    head = re.sub(r"\s+", " ", literals_masked(stmt)[:120]).upper()
    obj = re.match(r"((?:CREATE (?:UNIQUE )?(?:TABLE|VIEW|INDEX|TRIGGER)|DROP (?:TABLE|VIEW|INDEX|TRIGGER)|"
                   r"ALTER TABLE|INSERT INTO|UPDATE|DELETE FROM) (?:IF (?:NOT )?EXISTS )?[\w\"]+)", head)
    key = obj.group(1).replace('"', "").lower() if obj else None
    if overrides.get(key):
        m = re.match(r"CREATE\s+TRIGGER\s+(?:IF\s+NOT\s+EXISTS\s+)?(\w+)\s.*?\bON\s+([\w\"]+)",
                     stmt, re.I | re.S)
        if m:  # a later DROP TRIGGER names the table of an overridden trigger too
            schema.trigger_table[m.group(1)] = m.group(2)
        return overrides[key].pop(0)  # blocks of one name: in migration order
    if head.startswith("PRAGMA APPLICATION_ID") or head.startswith("PRAGMA USER_VERSION"):
        return "-- (" + stmt + ": the server keeps fundtrack's version in fundtrack_meta)"
    if head.startswith("PRAGMA WRITABLE_SCHEMA"):
        return "-- (" + stmt + ": see the override of UPDATE sqlite_schema)"
    if re.match(r"UPDATE SQLITE_(SCHEMA|MASTER)", head):
        out = None  # SQLite's own schema: only an override can say it
    elif head.startswith("CREATE TABLE"):
        out = create_table(stmt, schema)
    elif head.startswith("CREATE TRIGGER"):
        out = create_trigger(stmt, schema)
    elif head.startswith("DROP TRIGGER"):
        m = re.match(r"DROP\s+TRIGGER\s+(IF\s+EXISTS\s+)?(\w+)", stmt, re.I)
        t = schema.trigger_table.get(m.group(2))
        out = f"DROP TRIGGER {m.group(1) or ''}{m.group(2)} ON {t}" if t else None
    elif head.startswith("ALTER TABLE"):
        m = re.match(r"(ALTER\s+TABLE\s+[\w\"]+\s+ADD\s+(?:COLUMN\s+)?[\w\"]+)(.*)$", stmt, re.I | re.S)
        out = expression(m.group(1) + column_types(m.group(2)) if m else stmt)
        m = re.match(r"ALTER\s+TABLE\s+([\w\"]+)\s+ADD\s+COLUMN\s+(\w+)", stmt, re.I)
        if m:
            schema.cols.setdefault(table_name(m.group(1)), []).append(m.group(2))
    elif re.match(r"DROP VIEW (?!IF)", head):
        # SQLite drops a view others use and checks only when they are
        # used; PostgreSQL refuses. The dependent view (audit_docs) is
        # always created again further down the same migration.
        out = re.sub(r"DROP\s+VIEW\s+", "DROP VIEW IF EXISTS ", stmt, count=1, flags=re.I) + " CASCADE"
    elif re.match(r"(CREATE (UNIQUE )?INDEX|CREATE VIEW|DROP (VIEW|INDEX|TABLE)|INSERT INTO|UPDATE|DELETE)", head):
        out = expression(stmt)
        out = sub_code(r"\bjson_patch\s*\(", lambda m: "ft_json_patch(", out)
        if head.startswith("CREATE VIEW"):
            out = integer_truth_values(out)
        if re.search(r"\bjson_(each|extract|valid)\s*\(", literals_masked(out), re.I):
            schema.untranslated.append("json_each/json_extract/json_patch: " + head[:80])
            out = None
    else:
        out = None
    if out is None:
        schema.untranslated.append("statement: " + head[:90])
        return "-- untranslated:\n-- " + stmt.replace("\n", "\n-- ")
    return out


def read_overrides():
    if not os.path.exists(OVERRIDES):
        return {}
    text = open(OVERRIDES, encoding="utf-8").read()
    out = {}
    for block in re.split(r"^-- override: ", text, flags=re.M)[1:]:
        name, _, body = block.partition("\n")
        out.setdefault(name.strip().lower(), []).append(body.strip().rstrip(";"))
    return out


def generate():
    schema = Schema()
    overrides = read_overrides()
    out = ["-- schema/pg/schema.sql: GENERATED by tools/schema-pg.py from schema/NNN_*.sql;",
           "-- do not edit (edit the migration, schema/pg/overrides.sql or the translator).",
           ""]
    paths = sorted(glob.glob(os.path.join(ROOT, "schema", "[0-9][0-9][0-9]_*.sql")))
    for path in paths:  # which tables' rowid is used (FROM t ... rowid)
        for stmt in statements(open(path, encoding="utf-8").read()):
            if re.search(r"\browid\b", literals_masked(stmt), re.I):
                for m in re.finditer(r"\b(?:FROM|JOIN|ON|UPDATE)\s+([\w\"]+)", literals_masked(stmt), re.I):
                    schema.rowid_tables.add(table_name(m.group(1)))
    for path in paths:
        out.append(f"-- migration {os.path.basename(path)[:3]}: {os.path.basename(path)}")
        for stmt in statements(open(path, encoding="utf-8").read()):
            out.append(translate(stmt, schema, overrides) + ";")
        out.append("")
    return "\n".join(out), schema


def main():
    text, schema = generate()
    if "--report" in sys.argv:
        print(f"schema-pg: {len(schema.untranslated)} statements untranslated")
        for u in schema.untranslated:
            print("  " + u)
        return 0
    if "--check" in sys.argv:
        old = open(OUT, encoding="utf-8").read() if os.path.exists(OUT) else ""
        if old != text:
            print("schema-pg: schema/pg/schema.sql is stale: run tools/schema-pg.py", file=sys.stderr)
            return 1
        if "--strict" in sys.argv and schema.untranslated:
            print(f"schema-pg: {len(schema.untranslated)} statements untranslated", file=sys.stderr)
            return 1
        return 0
    open(OUT, "w", encoding="utf-8").write(text)
    print(f"schema-pg: wrote {os.path.relpath(OUT, ROOT)}; {len(schema.untranslated)} statements untranslated")
    return 0


if __name__ == "__main__":
    sys.exit(main())
