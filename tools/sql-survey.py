#!/usr/bin/env python3
"""sql-survey.py - counts the SQLite-specific constructs in fundtrack's SQL
(issue 20): the SQL text of the C string literals in app/ (adjacent
literals joined, as the compiler joins them) and schema/*.sql.

    tools/sql-survey.py            # table of constructs: count, files
    tools/sql-survey.py --where X  # every place of construct X (file:line)

Re-runnable; docs/postgresql.md quotes its output. A count is of matches
in the SQL text, so e.g. one trigger with two RAISE counts two.
"""
import glob
import os
import re
import signal
import sys

signal.signal(signal.SIGPIPE, signal.SIG_DFL)  # | head

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SQL_START = re.compile(r"^\s*(SELECT|INSERT|UPDATE|DELETE|WITH|CREATE|DROP|ALTER|PRAGMA|BEGIN|"
                       r"COMMIT|ROLLBACK|SAVEPOINT|RELEASE|REPLACE\s+INTO|VALUES|ATTACH|VACUUM|ANALYZE)\b",
                       re.I)

# name -> regex over SQL text (case-insensitive)
CONSTRUCTS = [
    ("date()", r"\bdate\s*\("),
    ("strftime()", r"\bstrftime\s*\("),
    ("julianday()", r"\bjulianday\s*\("),
    ("datetime()/unixepoch()", r"\b(datetime|unixepoch)\s*\("),
    ("'now' (clock in SQL)", r"'now'"),
    ("INSERT OR IGNORE", r"\bINSERT\s+OR\s+IGNORE\b"),
    ("INSERT OR REPLACE / REPLACE INTO", r"\b(INSERT\s+OR\s+REPLACE|^\s*REPLACE\s+INTO)\b"),
    ("INSERT OR ROLLBACK/ABORT/FAIL", r"\bINSERT\s+OR\s+(ROLLBACK|ABORT|FAIL)\b"),
    ("ON CONFLICT (upsert)", r"\bON\s+CONFLICT\b"),
    ("RETURNING", r"\bRETURNING\b"),
    ("?NNN placeholder", r"\?\d+"),
    ("bare ? placeholder", r"\?(?!\d)"),
    (":name/@name/$name placeholder", r"(?<![:\w])[:@$][A-Za-z_]\w*"),
    ("STRICT table", r"\)\s*STRICT\b"),
    ("WITHOUT ROWID", r"\bWITHOUT\s+ROWID\b"),
    ("INTEGER PRIMARY KEY (rowid alias)", r"\bINTEGER\s+PRIMARY\s+KEY\b"),
    ("AUTOINCREMENT", r"\bAUTOINCREMENT\b"),
    ("rowid", r"\b(rowid|_rowid_|oid)\b"),
    ("CREATE TRIGGER", r"\bCREATE\s+TRIGGER\b"),
    ("RAISE(ABORT/IGNORE/...)", r"\bRAISE\s*\("),
    ("trigger WHEN clause", r"\bFOR\s+EACH\s+ROW\s+WHEN\b|\bON\s+\w+\s+WHEN\b|\bOF\s+[\w, ]+\s+ON\s+\w+\s+WHEN\b"),
    ("CREATE VIEW", r"\bCREATE\s+VIEW\b"),
    ("CREATE INDEX", r"\bCREATE\s+(UNIQUE\s+)?INDEX\b"),
    ("partial index (INDEX ... WHERE)", r"\bCREATE\s+(UNIQUE\s+)?INDEX\b[^;]*\bWHERE\b"),
    ("PRAGMA", r"\bPRAGMA\b"),
    ("PRAGMA user_version", r"\bPRAGMA\s+user_version\b"),
    ("PRAGMA application_id", r"\bPRAGMA\s+application_id\b"),
    ("PRAGMA writable_schema", r"\bPRAGMA\s+writable_schema\b"),
    ("sqlite_schema/sqlite_master", r"\bsqlite_(schema|master|temp_master|sequence)\b"),
    ("pragma_* table functions", r"\bpragma_\w+\s*\("),
    ("last_insert_rowid()", r"\blast_insert_rowid\s*\("),
    ("changes()/total_changes()", r"\b(total_)?changes\s*\(\s*\)"),
    ("GROUP_CONCAT", r"\bgroup_concat\s*\("),
    ("printf()/format()", r"\b(printf|format)\s*\("),
    ("IFNULL/IIF/INSTR/TOTAL/TYPEOF", r"\b(ifnull|iif|instr|total|typeof)\s*\("),
    ("scalar max(a,b)/min(a,b)", r"\b(max|min)\s*\((?:[^()]|\([^()]*\))*,"),
    ("json_* functions", r"\bjson_\w+\s*\("),
    ("json_each (table-valued)", r"\bjson_each\s*\("),
    ("-> / ->> JSON operators", r"->>?"),
    ("LIKE", r"\bLIKE\b"),
    ("GLOB", r"\bGLOB\b"),
    ("COLLATE", r"\bCOLLATE\b"),
    ("ORDER BY (NULL order, text order)", r"\bORDER\s+BY\b"),
    ("NULLS FIRST/LAST", r"\bNULLS\s+(FIRST|LAST)\b"),
    ("division / (integer division, x/0 = NULL)", r"(?<![/*-])/(?![/*])"),
    ("CAST(... AS INTEGER/REAL/TEXT)", r"\bCAST\s*\([^)]*\bAS\s+(INTEGER|REAL|TEXT|NUMERIC)\b"),
    ("round()", r"\bround\s*\("),
    ("sum() (int64 overflow: error in SQLite, numeric in PostgreSQL)", r"\bsum\s*\("),
    ("boolean expression as a value (sum(x = y), x > y AS col)", r"\b(sum|count|total)\s*\([^()]*(=|<|>)[^()]*\)"),
    ("IS / IS NOT with a non-NULL operand", r"\bIS\s+(NOT\s+)?(?!NULL\b|NOT\b|TRUE\b|FALSE\b|DISTINCT\b)\w"),
    ("|| concatenation", r"\|\|"),
    ("double-quoted string (SQLite accepts as literal)", r"=\s*\"[^\"]*\"|\bIN\s*\(\s*\""),
    ("BEGIN IMMEDIATE/EXCLUSIVE", r"\bBEGIN\s+(IMMEDIATE|EXCLUSIVE)\b"),
    ("SAVEPOINT/RELEASE", r"\b(SAVEPOINT|RELEASE)\b"),
    ("ATTACH/DETACH", r"\b(ATTACH|DETACH)\b"),
    ("VACUUM/ANALYZE", r"\b(VACUUM|ANALYZE)\b"),
    ("app SQL functions (ft_audit_*, status_counts)", r"\b(ft_audit_\w+|status_counts)\s*\("),
    ("LIMIT -1 / LIMIT x,y", r"\bLIMIT\s+(-1|\?\d*\s*,|\d+\s*,)"),
    ("UPDATE ... FROM", r"\bUPDATE\b[^;]*\bSET\b[^;]*\bFROM\b"),
    ("ALTER TABLE", r"\bALTER\s+TABLE\b"),
    ("DROP TABLE/VIEW/TRIGGER", r"\bDROP\s+(TABLE|VIEW|TRIGGER|INDEX)\b"),
    ("TEMP table/view", r"\bCREATE\s+TEMP(ORARY)?\b"),
    ("WITH RECURSIVE", r"\bWITH\s+RECURSIVE\b"),
    ("window functions (OVER)", r"\bOVER\s*\("),
]


def c_sql_texts(path):
    """(line, text) of every run of adjacent string literals in a C file
    that looks like SQL."""
    src = open(path, encoding="utf-8").read()
    # drop comments, keep line numbers
    src = re.sub(r"/\*.*?\*/", lambda m: "\n" * m.group(0).count("\n"), src, flags=re.S)
    src = re.sub(r"//[^\n]*", "", src)
    lit = re.compile(r'"((?:[^"\\\n]|\\.)*)"')
    out, pos = [], 0
    while True:
        m = lit.search(src, pos)
        if not m:
            break
        start_line = src.count("\n", 0, m.start()) + 1
        parts = [m.group(1)]
        end = m.end()
        while True:
            n = re.match(r'\s*"((?:[^"\\\n]|\\.)*)"', src[end:])
            if not n:
                break
            parts.append(n.group(1))
            end += n.end()
        text = "".join(parts).replace('\\"', '"').replace("\\n", "\n").replace("\\t", "\t")
        if SQL_START.match(text) or re.search(r"\?\d", text):
            out.append((start_line, text))
        pos = end
    return out


def strip_comments(sql):
    """sql without -- and /* */ comments (newlines kept), literals intact."""
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
        elif sql.startswith("/*", i):
            j = sql.find("*/", i + 2)
            j = n if j < 0 else j + 2
            out.append("\n" * sql.count("\n", i, j))
            i = j
        else:
            out.append(c)
            i += 1
    return "".join(out)


def schema_texts(path):
    return [(1, strip_comments(open(path, encoding="utf-8").read()))]


def sources():
    for layer in ("app/store", "app/exchange", "app/domain", "app/model", "app/cli", "reports"):
        for p in sorted(glob.glob(os.path.join(ROOT, layer, "*.c"))):
            if os.path.basename(p) in ("db_sqlite.c", "db_pg.c", "db.c"):
                continue  # the engines themselves
            yield os.path.relpath(p, ROOT), c_sql_texts(p)
    for p in sorted(glob.glob(os.path.join(ROOT, "schema", "[0-9][0-9][0-9]_*.sql"))):
        yield os.path.relpath(p, ROOT), schema_texts(p)


def main():
    where = None
    if len(sys.argv) == 3 and sys.argv[1] == "--where":
        where = sys.argv[2]
    stats = {name: [0, {}] for name, _ in CONSTRUCTS}
    nstatements = {"c": 0, "schema": 0}
    for path, texts in sources():
        for line, text in texts:
            nstatements["schema" if path.startswith("schema/") else "c"] += 1
            # string literals blanked (same length), so that prose and
            # patterns in them do not count, except where the literal is
            # the construct
            code = re.sub(r"'(?:[^']|'')*'", lambda m: "'" + "x" * (len(m.group(0)) - 2) + "'", text)
            for name, rx in CONSTRUCTS:
                subject = text if name.startswith("'now'") else code
                for m in re.finditer(rx, subject, re.I | re.M):
                    stats[name][0] += 1
                    stats[name][1][path] = stats[name][1].get(path, 0) + 1
                    if where and where.lower() in name.lower():
                        at = line + text.count("\n", 0, m.start())
                        snippet = text[max(0, m.start() - 30):m.end() + 30].replace("\n", " ")
                        print(f"{path}:{at}: {snippet.strip()}")
    if where:
        return
    print(f"SQL texts: {nstatements['c']} in C string literals, {nstatements['schema']} schema files")
    print(f"{'construct':58} {'count':>6}  files")
    for name, _ in CONSTRUCTS:
        count, files = stats[name]
        top = ", ".join(f"{os.path.basename(f)}:{n}" for f, n in
                        sorted(files.items(), key=lambda kv: -kv[1])[:4])
        more = f" (+{len(files) - 4} more)" if len(files) > 4 else ""
        print(f"{name:58} {count:6}  {top}{more}")


if __name__ == "__main__":
    main()
