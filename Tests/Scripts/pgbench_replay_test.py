"""Checks scripts/lib/pgbench_replay.py, which turns a logged submission into a pgbench script.

Run by scripts/test: python3 Tests/Scripts/pgbench_replay_test.py
"""
import importlib.util
import pathlib
import tempfile
import unittest

ROOT = pathlib.Path(__file__).resolve().parents[2]
spec = importlib.util.spec_from_file_location("pgbench_replay", ROOT / "scripts/lib/pgbench_replay.py")
replay = importlib.util.module_from_spec(spec)
spec.loader.exec_module(replay)

# Two connections (the bearer's and the transaction's), a multi-line statement, a NULL, a value
# with quotes and colons, a prepared statement, a checkpoint line to ignore, noise after `end`.
LOG = """\
2026-11-27 01:08:43.818 UTC [10285] LOG:  statement: SELECT 'itaku-replay-1'
2026-11-27 01:08:43.838 UTC [10197] LOG:  execute <unnamed>: SELECT t.id
\tFROM "access_tokens" t
\tWHERE t.secret_hash = $1
2026-11-27 01:08:43.838 UTC [10197] DETAIL:  parameters: $1 = 'd294ae'
2026-11-27 01:08:43.840 UTC [10196] LOG:  execute <unnamed>: BEGIN
2026-11-27 01:08:43.841 UTC [10196] LOG:  execute <unnamed>: INSERT INTO "attestations" ("id", "answers", "review") VALUES ($1, $2, $3)
2026-11-27 01:08:43.841 UTC [10196] DETAIL:  parameters: $1 = 'dca1cd93', $2 = '{"a":true,"note":"it''s, $2 = x"}', $3 = NULL
2026-11-27 01:08:43.842 UTC [1] LOG:  checkpoint starting: time
2026-11-27 01:08:43.846 UTC [10196] LOG:  execute <unnamed>: SELECT pg_advisory_xact_lock($1)
2026-11-27 01:08:43.846 UTC [10196] DETAIL:  parameters: $1 = '7411001'
2026-11-27 01:08:43.854 UTC [10196] LOG:  execute itaku_stored_risk_0: SELECT $1::text, $1::text, $10::text
2026-11-27 01:08:43.854 UTC [10196] DETAIL:  parameters: $1 = 'c1', $10 = 'ten'
2026-11-27 01:08:43.860 UTC [10196] LOG:  execute itaku_5e0c_0: SELECT head_sequence, head_hash FROM itaku_audit_chain_head($1, $2)
2026-11-27 01:08:43.860 UTC [10196] DETAIL:  parameters: $1 = '7411001', $2 = 't'
2026-11-27 01:08:43.863 UTC [10196] LOG:  execute <unnamed>: COMMIT
2026-11-27 01:08:44.382 UTC [10291] LOG:  statement: SELECT 'itaku-replay-2'
2026-11-27 01:08:44.383 UTC [10196] LOG:  execute <unnamed>: SELECT 1 AS found FROM "contractors" WHERE id = $1
2026-11-27 01:08:44.383 UTC [10196] DETAIL:  parameters: $1 = 'c2'
2026-11-27 01:08:44.390 UTC [10291] LOG:  statement: SELECT 'itaku-replay-end'
2026-11-27 01:08:44.391 UTC [10291] LOG:  statement: ALTER SYSTEM RESET log_statement
"""


class PgbenchReplayTests(unittest.TestCase):
    def convert(self, log):
        with tempfile.TemporaryDirectory() as folder:
            out = pathlib.Path(folder)
            (out / "server.log").write_text(log)
            replay.main_with(out / "server.log", out / "scripts")
            files = {path.name: path.read_text() for path in (out / "scripts").iterdir()}
        return files

    def test_each_request_becomes_one_script_in_log_order(self):
        files = self.convert(LOG)
        self.assertEqual(sorted(files), ["1.sql", "2.sql", "defines"])
        self.assertEqual(
            files["1.sql"],
            'SELECT t.id\nFROM "access_tokens" t\nWHERE t.secret_hash = :r1s0p1;\n'
            "BEGIN;\nSAVEPOINT itaku_replay;\n"
            'INSERT INTO "attestations" ("id", "answers", "review") VALUES (:r1s2p1, :r1s2p2, NULL);\n'
            "SELECT pg_advisory_xact_lock(:r1s3p1);\n"
            "SELECT :r1s4p1::text, :r1s4p1::text, :r1s4p10::text;\n"
            "SELECT head_sequence, head_hash FROM itaku_audit_chain_head(:r1s5p1, :r1s5p2);\n"
            # The rollback keeps the database as captured; the locks are held through the commit.
            "ROLLBACK TO SAVEPOINT itaku_replay;\nSELECT pg_advisory_xact_lock(:r1s3p1);\n"
            "SELECT head_sequence, head_hash FROM itaku_audit_chain_head(:r1s5p1, :r1s5p2);\nCOMMIT;\n",
        )
        # What follows the end marker belongs to no request.
        self.assertEqual(files["2.sql"], 'SELECT 1 AS found FROM "contractors" WHERE id = :r2s0p1;\n')

    def test_a_write_through_the_chain_function_is_taken_again_as_the_call_alone(self):
        log = LOG.replace(
            "SELECT head_sequence, head_hash FROM itaku_audit_chain_head($1, $2)",
            "INSERT INTO audit_events (\"id\") SELECT $3::uuid FROM (SELECT 1) AS one LEFT JOIN itaku_audit_chain_head($1, $2) AS h ON true",
        ).replace("$1 = '7411001', $2 = 't'", "$1 = '7411001', $2 = 't', $3 = 'e1'")
        script = self.convert(log)["1.sql"]
        self.assertIn(
            "ROLLBACK TO SAVEPOINT itaku_replay;\nSELECT pg_advisory_xact_lock(:r1s3p1);\n"
            "SELECT * FROM itaku_audit_chain_head(:r1s5p1, :r1s5p2);\nCOMMIT;\n",
            script,
        )
        self.assertEqual(script.count("INSERT INTO audit_events"), 1)

    def test_parameters_keep_their_values_exactly(self):
        defines = dict(line.split("=", 1) for line in self.convert(LOG)["defines"].splitlines())
        self.assertEqual(defines["r1s2p2"], '{"a":true,"note":"it\'s, $2 = x"}')
        self.assertEqual(defines["r1s0p1"], "d294ae")
        self.assertEqual(defines["r1s4p10"], "ten")
        self.assertNotIn("r1s2p3", defines)

    def test_a_failed_statement_or_an_empty_log_is_refused(self):
        failed = LOG.replace(
            "[10196] LOG:  execute <unnamed>: COMMIT",
            '[10196] ERROR:  duplicate key value violates unique constraint "attestations_pkey"',
        )
        with self.assertRaises(SystemExit):
            self.convert(failed)
        with self.assertRaises(SystemExit):
            self.convert("2026-11-27 01:08:43.818 UTC [1] LOG:  checkpoint starting: time\n")


if __name__ == "__main__":
    unittest.main()
