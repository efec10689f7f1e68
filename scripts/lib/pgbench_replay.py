#!/usr/bin/env python3
"""Turns the statements PostgreSQL logged for captured requests into pgbench scripts.

    pgbench_replay.py SERVER_LOG OUT_DIR

The log holds requests made one at a time with `log_statement = all` and `log_line_prefix =
'%m [%p] '` (time, process id), each announced by a marker statement `SELECT 'itaku-replay-N'`,
the last followed by `SELECT 'itaku-replay-end'`.
For each request it writes OUT_DIR/N.sql, the same statements in the same order with the same
parameters, and OUT_DIR/defines, one `name=value` per line for pgbench's -D: the parameters stay
parameters (run with `-M prepared`), so values containing colons or quotes reach the server as
they did from the service.

Each transaction is replayed inside a savepoint that is rolled back before COMMIT, so every
replay meets the database the captured request met (no duplicate keys, no growth) while still
writing its rows to the WAL and flushing a commit. Advisory locks taken inside it (directly,
or by the audit chain's function) are taken again after the rollback, so they are held through
the commit as the service holds them; a statement that calls the chain's function to write
(the audit event's INSERT … SELECT) is taken again as the call alone, so nothing stays written.
"""
import pathlib
import re
import sys

ENTRY = re.compile(r"^\S+ \S+ \S+ \[(\d+)\] (LOG|DETAIL|ERROR|STATEMENT|HINT|CONTEXT|WARNING|FATAL):  (.*)$")
STATEMENT = re.compile(r"^(?:statement|execute [^:]+): (.*)$", re.S)
PARAMETER = re.compile(r"\$(\d+) = (NULL|'(?:[^']|'')*')")
MARKER = re.compile(r"^SELECT 'itaku-replay-(\d+|end)'$")
PLACEHOLDER = re.compile(r"\$(\d+)\b")
# Statements that take a lock the service holds through its commit: the audit chain's function
# takes the chain's lock (and may leave the commit's flush to a barrier after it).
LOCKING = ("pg_advisory_xact_lock", "itaku_audit_chain_head(")
CHAIN_CALL = re.compile(r"itaku_audit_chain_head\([^)]*\)")


def entries(lines):
    """(pid, level, text) for each log entry, continuation lines joined."""
    current = None
    for line in lines:
        match = ENTRY.match(line)
        if match:
            if current:
                yield current
            current = [match.group(1), match.group(2), match.group(3)]
        elif current and line.startswith("\t"):
            current[2] += "\n" + line[1:]
    if current:
        yield current


def requests(lines):
    """{marker number: [[sql, {number: value or None}], ...]} in log order."""
    found = {}
    statements = None
    last_by_pid = {}
    for pid, level, text in entries(lines):
        if level == "LOG":
            match = STATEMENT.match(text)
            if not match:
                continue
            sql = match.group(1).strip()
            marker = MARKER.match(sql)
            if marker:
                # `end` closes the last request: what follows is not part of it.
                statements = None if marker.group(1) == "end" else found.setdefault(int(marker.group(1)), [])
                continue
            if statements is not None:
                statement = [sql, {}]
                statements.append(statement)
                last_by_pid[pid] = statement
        elif level == "DETAIL" and text.startswith("parameters: ") and pid in last_by_pid:
            for number, value in PARAMETER.findall(text):
                last_by_pid[pid][1][int(number)] = None if value == "NULL" else value[1:-1].replace("''", "'")
        elif level == "ERROR" and statements is not None:
            sys.exit(f"a captured request's statement failed: {text}")
    return found


def script(number, statements, defines):
    """The pgbench script of one request."""
    lines = []
    locks = []
    for index, (sql, parameters) in enumerate(statements):
        def placeholder(match):
            value = parameters.get(int(match.group(1)))
            if value is None:
                return "NULL"
            name = f"r{number}s{index}p{match.group(1)}"
            defines[name] = value
            return f":{name}"

        text = PLACEHOLDER.sub(placeholder, sql)
        keyword = sql.split(None, 1)[0].upper() if sql else ""
        if keyword in ("BEGIN", "START"):
            lines += ["BEGIN;", "SAVEPOINT itaku_replay;"]
            locks = []
        elif keyword == "COMMIT":
            lines += ["ROLLBACK TO SAVEPOINT itaku_replay;"] + locks + ["COMMIT;"]
        else:
            lines.append(text.rstrip(";") + ";")
            if any(call in sql for call in LOCKING):
                call = CHAIN_CALL.search(text)
                locks.append(lines[-1] if keyword == "SELECT" or not call else f"SELECT * FROM {call.group(0)};")
    return "\n".join(lines) + "\n"


def main_with(log, out):
    """Writes the scripts and defines of every request in `log` to `out`; returns a summary."""
    found = requests(log.read_text(errors="replace").splitlines())
    if not found:
        sys.exit("no captured requests in the log")
    out.mkdir(parents=True, exist_ok=True)
    defines = {}
    for number, statements in sorted(found.items()):
        (out / f"{number}.sql").write_text(script(number, statements, defines))
    for value in defines.values():
        if "\n" in value:
            sys.exit("a parameter spans lines; pgbench's -D cannot carry it")
    (out / "defines").write_text("".join(f"{name}={value}\n" for name, value in defines.items()))
    counts = sorted(len(statements) for statements in found.values())
    return f"{len(found)} requests, {counts[0]}–{counts[-1]} statements each"


if __name__ == "__main__":
    print(main_with(pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2])))
