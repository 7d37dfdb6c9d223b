#!/usr/bin/env python3
"""codemod-db.py - moves fundtrack's C code from the sqlite3_* API to the
engine-neutral db_* API of app/store/db.h (issue 20).

    tools/codemod-db.py [--dry-run] [--report] [FILE_OR_DIR ...]

Default paths: app/store app/exchange app/domain app/model app/cli reports
tests (the *.c and *.h files; db.h, db.c, db_sqlite.c, db_pg.c and
db_internal.h, the engines themselves, are never touched). Re-runnable:
a second run changes nothing.

What it does (db.h keeps SQLite's names, argument order and result codes,
so nearly all of it is a rename):
- types: sqlite3_stmt -> struct db_stmt, sqlite3 * -> struct db *;
- calls: sqlite3_X(...) -> db_X(...) for every X db.h has; prepare_v2,
  bind_text, exec, open, open_v2 and close_v2 lose the arguments db.h does
  not have (nByte -1, pzTail NULL, destructor, callback NULL);
- constants: SQLITE_ROW/DONE/OK/NULL/INTEGER/..., SQLITE_OPEN_*,
  SQLITE_CONSTRAINT_* and friends -> DB_*, DB_ERR_*;
  sqlite3_extended_errcode -> db_errcode, "(code & 0xff) == SQLITE_X" ->
  "db_error_class(code) == DB_ERR_X";
- what has no db_* counterpart because it is SQLite's alone (SQL functions
  registered in C, hooks, progress handler, exec with an error string, ...)
  keeps its sqlite3_* call, on db_sqlite_handle(connection); it is listed
  by --report as "left on SQLite". Functions that SQLite itself calls
  (their parameters include sqlite3_context, sqlite3_value or
  sqlite3_api_routines) and lines using raw statements of SQLite
  (sqlite3_next_stmt, sqlite3_stmt_busy) are left exactly as they are;
- includes: <sqlite3.h> becomes "db.h" where nothing of SQLite is left,
  and "db.h" is added next to it where something is.
"""
import os
import re
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DEFAULT_PATHS = ["app/store", "app/exchange", "app/domain", "app/model", "app/cli", "reports",
                 "tests"]
# the engines themselves, and bench.c whose raw SQLite insert loop is the floor it measures against
ENGINE_FILES = {"db.h", "db.c", "db_sqlite.c", "db_pg.c", "db_internal.h", "bench.c"}

# sqlite3_X -> db_X, arguments unchanged
RENAMED = ["step", "finalize", "reset", "clear_bindings", "column_int64", "column_int",
           "column_text", "column_type", "column_count", "column_name", "column_bytes",
           "column_double", "bind_int64", "bind_int", "bind_null", "bind_double",
           "bind_parameter_count", "changes", "last_insert_rowid", "errmsg", "get_autocommit",
           "busy_timeout", "system_errno", "sql", "close"]
# SQLite-only functions whose first argument is a connection
ON_HANDLE = ["create_function", "create_function_v2", "extended_result_codes",
             "progress_handler", "update_hook", "commit_hook", "rollback_hook", "trace_v2",
             "db_config", "next_stmt", "interrupt", "limit", "set_authorizer", "wal_checkpoint_v2",
             "db_filename", "db_readonly", "total_changes", "backup_init", "exec"]
CONSTANTS = {
    "SQLITE_OK": "DB_OK", "SQLITE_ERROR": "DB_ERROR", "SQLITE_ROW": "DB_ROW",
    "SQLITE_DONE": "DB_DONE", "SQLITE_MISUSE": "DB_MISUSE", "SQLITE_RANGE": "DB_RANGE",
    "SQLITE_NOMEM": "DB_NOMEM",
    "SQLITE_INTEGER": "DB_INTEGER", "SQLITE_FLOAT": "DB_FLOAT", "SQLITE_TEXT": "DB_TEXT",
    "SQLITE_BLOB": "DB_BLOB", "SQLITE_NULL": "DB_NULL",
    "SQLITE_OPEN_READONLY": "DB_OPEN_READONLY", "SQLITE_OPEN_READWRITE": "DB_OPEN_READWRITE",
    "SQLITE_OPEN_CREATE": "DB_OPEN_CREATE", "SQLITE_OPEN_URI": "DB_OPEN_URI",
    "SQLITE_OPEN_NOMUTEX": "DB_OPEN_NOMUTEX",
}
# error codes, after sqlite3_extended_errcode -> db_errcode
ERROR_CONSTANTS = {
    "SQLITE_CONSTRAINT_PRIMARYKEY": "DB_ERR_CONSTRAINT_PRIMARYKEY",
    "SQLITE_CONSTRAINT_UNIQUE": "DB_ERR_CONSTRAINT_UNIQUE",
    "SQLITE_CONSTRAINT_FOREIGNKEY": "DB_ERR_CONSTRAINT_FOREIGNKEY",
    "SQLITE_CONSTRAINT_NOTNULL": "DB_ERR_CONSTRAINT_NOTNULL",
    "SQLITE_CONSTRAINT_CHECK": "DB_ERR_CONSTRAINT_CHECK",
    "SQLITE_CONSTRAINT_TRIGGER": "DB_ERR_CONSTRAINT_TRIGGER",
    "SQLITE_IOERR_WRITE": "DB_ERR_IOERR_WRITE",
}
ERROR_CLASSES = {"SQLITE_FULL": "DB_ERR_FULL", "SQLITE_IOERR": "DB_ERR_IOERR",
                 "SQLITE_BUSY": "DB_ERR_BUSY", "SQLITE_READONLY": "DB_ERR_READONLY",
                 "SQLITE_CONSTRAINT": "DB_ERR_CONSTRAINT", "SQLITE_NOMEM": "DB_ERR_NOMEM"}
RAW_SIGNATURE = re.compile(r"\bsqlite3_(context|value|api_routines)\b")
RAW_LINE = re.compile(r"\bsqlite3_(next_stmt|stmt_busy|context|value|api_routines|int64)\b")


def split_args(text, start):
    """Arguments of the call whose '(' is at text[start]: (list, end) with
    end just after ')', or None when unbalanced."""
    depth, i, args, cur = 0, start, [], start + 1
    in_str = None
    while i < len(text):
        c = text[i]
        if in_str:
            if c == "\\":
                i += 2
                continue
            if c == in_str:
                in_str = None
        elif c in "\"'":
            in_str = c
        elif c in "([{":
            depth += 1
        elif c in ")]}":
            depth -= 1
            if depth == 0:
                args.append(text[cur:i])
                return args, i + 1
        elif c == "," and depth == 1:
            args.append(text[cur:i])
            cur = i + 1
        i += 1
    return None


def strip(a):
    return a.strip()


class Stats:
    def __init__(self):
        self.converted = 0  # call sites and uses rewritten
        self.left = []      # (file, line, text) left on SQLite
        self.files = 0


def rewrite_calls(text, name, fn):
    """Replaces every call sqlite3_<name>(...) in text by what fn(args, raw)
    returns (a string), or leaves it when fn returns None. args are the
    stripped arguments, raw the arguments with their own spacing and line
    breaks, so that a rewritten call keeps its layout."""
    out, pos = [], 0
    rx = re.compile(r"\bsqlite3_" + name + r"\s*\(")
    while True:
        m = rx.search(text, pos)
        if not m:
            break
        parsed = split_args(text, m.end() - 1)
        if not parsed:
            break
        raw, end = parsed
        new = fn([strip(a) for a in raw], raw)
        out.append(text[pos:m.start()])
        if new is None:
            out.append(text[m.start():m.end()])
            pos = m.end()
        else:
            out.append(new)
            pos = end
    out.append(text[pos:])
    return "".join(out)


def call(name, raw, keep=None, extra=""):
    """name(raw[0], raw[1], ...) with the first keep arguments, as written."""
    kept = raw if keep is None else raw[:keep]
    return f"{name}({','.join(kept)}{extra})"


def convert_region(code, stats):
    """Converts one stretch of code that is not raw SQLite."""
    n0 = len(re.findall(r"\bsqlite3_\w+|\bSQLITE_\w+", code))

    def prepare(args, raw):
        if len(args) == 5 and args[2] == "-1" and args[4] == "NULL":
            return call("db_prepare", [raw[0], raw[1], raw[3]])
        return None

    def bind_text(args, raw):
        if len(args) != 5:
            return None
        if args[3] == "-1":
            return call("db_bind_text", raw, 3)
        return call("db_bind_textn", raw, 4)

    def exec_(args, raw):
        if len(args) == 5 and args[2] == args[3] == args[4] == "NULL":
            return call("db_exec", raw, 2)
        return None  # with a callback or an error string: on the handle below

    def open_(args, raw):
        if len(args) == 2:
            return call("db_open_v2", raw, 2, ", DB_OPEN_READWRITE | DB_OPEN_CREATE")
        return None

    def open_v2(args, raw):
        if len(args) == 4 and args[3] == "NULL":
            return call("db_open_v2", raw, 3)
        return None

    def close_v2(args, raw):
        return call("db_close", raw)

    code = rewrite_calls(code, "prepare_v2", prepare)
    code = rewrite_calls(code, "bind_text", bind_text)
    code = rewrite_calls(code, "exec", exec_)
    code = rewrite_calls(code, "open", open_)
    code = rewrite_calls(code, "open_v2", open_v2)
    code = rewrite_calls(code, "close_v2", close_v2)
    for name in RENAMED:
        code = re.sub(r"\bsqlite3_" + name + r"(\s*\()", r"db_" + name + r"\1", code)

    def on_handle_of(name):
        def wrap(args, raw):
            if not args or args[0].startswith("db_sqlite_handle(") or args[0] in ("NULL", "0"):
                return None
            lead = raw[0][:len(raw[0]) - len(raw[0].lstrip())]
            first = f"{lead}db_sqlite_handle({args[0]})"
            return call("sqlite3_" + name, [first] + raw[1:])
        return wrap

    for name in ON_HANDLE:
        code = rewrite_calls(code, name, on_handle_of(name))
    code = re.sub(r"\bsqlite3_extended_errcode(\s*\()", r"(int)db_errcode\1", code)
    code = re.sub(r"\(\s*(\w+)\s*&\s*0xff\s*\)\s*==\s*(SQLITE_\w+)",
                  lambda m: f"db_error_class({m.group(1)}) == {ERROR_CLASSES.get(m.group(2), m.group(2))}",
                  code)
    for k, v in ERROR_CONSTANTS.items():
        code = re.sub(r"\b" + k + r"\b", v, code)
    for k, v in CONSTANTS.items():
        code = re.sub(r"\b" + k + r"\b", v, code)
    # types last: the calls above matched on sqlite3_ names
    code = re.sub(r"\bsqlite3_stmt\b", "struct db_stmt", code)
    code = re.sub(r"(?<!struct )\bsqlite3(\s*\*)", r"struct db\1", code)
    n1 = len(re.findall(r"\bsqlite3_\w+|\bSQLITE_\w+", code))
    stats.converted += n0 - n1
    return code


def split_raw(text):
    """Yields (is_raw, chunk): functions SQLite calls back and raw lines."""
    lines = text.splitlines(keepends=True)
    i = 0
    while i < len(lines):
        line = lines[i]
        # a function definition whose parameters are SQLite's own types
        if re.match(r"^[A-Za-z_].*\(", line) and not line.rstrip().endswith(";"):
            j, sig = i, line
            while "{" not in sig and ";" not in sig and j + 1 < len(lines) and j - i < 5:
                j += 1
                sig += lines[j]
            if "{" in sig and RAW_SIGNATURE.search(sig):
                depth, k = 0, i
                while k < len(lines):
                    depth += lines[k].count("{") - lines[k].count("}")
                    if depth == 0 and "}" in lines[k]:
                        break
                    k += 1
                yield True, "".join(lines[i:k + 1])
                i = k + 1
                continue
        if RAW_LINE.search(line):
            # only the connection argument of next_stmt is ours
            yield True, re.sub(r"\bsqlite3_next_stmt\(\s*(?!db_sqlite_handle)([^,]+),",
                               r"sqlite3_next_stmt(db_sqlite_handle(\1),", line)
            i += 1
            continue
        yield False, line
        i += 1


def fix_includes(text, path):
    uses_sqlite = re.search(r"\bsqlite3_\w+|\bSQLITE_\w+|\bsqlite3\b(?!\.h)", text
                            .replace("#include <sqlite3.h>", ""))
    has_db = '#include "db.h"' in text
    if uses_sqlite and "#include <sqlite3.h>" not in text:
        # it had SQLite's header through store.h, which no longer has it
        system = list(re.finditer(r"^#include <[^>]+>\n", text, re.M))
        if system:
            at = system[-1].end()
            text = text[:at] + "#include <sqlite3.h>\n" + text[at:]
    if "#include <sqlite3.h>" in text:
        if uses_sqlite:
            if not has_db:
                text = text.replace("#include <sqlite3.h>", '#include <sqlite3.h>\n\n#include "db.h"', 1)
        else:
            text = text.replace("#include <sqlite3.h>\n", "" if has_db else '#include "db.h"\n', 1)
    elif not has_db and re.search(r"\bstruct db(_stmt)?\b|\bdb_\w+\(", text):
        # before the first local include that is not the file's own
        # header, else after the last include
        own = os.path.splitext(os.path.basename(path))[0] + ".h"
        local = [m for m in re.finditer(r'^#include "([^"]+)"\n', text, re.M) if m.group(1) != own]
        every = list(re.finditer(r"^#include [<\"][^>\"]+[>\"]\n", text, re.M))
        if local:
            text = text[:local[0].start()] + '#include "db.h"\n' + text[local[0].start():]
        elif every:
            at = every[-1].end()
            text = text[:at] + '\n#include "db.h"\n' + text[at:]
    return text


def convert_file(path, stats, dry_run):
    text = open(path, encoding="utf-8").read()
    if not re.search(r"\bsqlite3|\bSQLITE_", text):
        return
    out, pending = [], []
    for raw, chunk in split_raw(text):
        if raw:
            # a call may span lines: convert runs of ordinary lines at once
            out.append(convert_region("".join(pending), stats))
            pending = []
            out.append(chunk)
        else:
            pending.append(chunk)
    out.append(convert_region("".join(pending), stats))
    new = fix_includes("".join(out), path)
    for no, line in enumerate(new.splitlines(), 1):
        if re.search(r"\bsqlite3_\w+\s*\(", line) and "#include" not in line:
            stats.left.append((os.path.relpath(path, ROOT), no, line.strip()))
    if new != text:
        stats.files += 1
        if not dry_run:
            open(path, "w", encoding="utf-8").write(new)


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    dry_run = "--dry-run" in sys.argv
    report = "--report" in sys.argv
    paths = args or [os.path.join(ROOT, p) for p in DEFAULT_PATHS]
    stats = Stats()
    for p in paths:
        files = [p] if os.path.isfile(p) else sorted(
            os.path.join(d, f) for d, _, fs in os.walk(p) for f in fs
            if f.endswith((".c", ".h")))
        for f in files:
            if os.path.basename(f) in ENGINE_FILES:
                continue
            convert_file(f, stats, dry_run)
    print(f"codemod-db: {stats.converted} sqlite3_*/SQLITE_* uses converted in {stats.files} files; "
          f"{len(stats.left)} calls left on SQLite")
    if report:
        for f, n, line in stats.left:
            print(f"  left: {f}:{n}: {line}")


if __name__ == "__main__":
    main()
