"""Checks scripts/lib/postgres.sh: the throwaway server is stopped and removed when the script
exits, and a script's own exit trap is kept rather than replaced.

Run by scripts/test: python3 Tests/Scripts/postgres_lib_test.py (skipped without PostgreSQL).
"""
import glob
import os
import pathlib
import subprocess
import tempfile
import unittest

ROOT = pathlib.Path(__file__).resolve().parents[2]
HAS_POSTGRES = bool(glob.glob("/usr/lib/postgresql/*/bin/initdb"))


def run(script):
    """Runs `script` in bash after sourcing the library; returns its standard output lines."""
    completed = subprocess.run(
        ["bash", "-c", f". scripts/lib/postgres.sh\n{script}"], cwd=ROOT, capture_output=True, text=True, timeout=120)
    if completed.returncode != 0:
        raise AssertionError(f"bash failed ({completed.returncode}): {completed.stderr}")
    return completed.stdout.split()


@unittest.skipUnless(HAS_POSTGRES, "PostgreSQL server binaries are not installed")
class ThrowawayPostgresTest(unittest.TestCase):
    def test_without_a_trap_of_its_own_the_server_goes_at_exit(self):
        answered, pg_dir = run('start_postgres\n"$pg_bin/psql" "$PG_URL" -Atqc "SELECT 41 + 1"\necho "$pg_dir"')[-2:]
        self.assertEqual(answered, "42")
        self.assertFalse(os.path.exists(pg_dir), "the server's folder outlived the script")

    def test_a_scripts_own_trap_is_kept_and_stops_the_server(self):
        with tempfile.TemporaryDirectory() as scratch:
            work = pathlib.Path(scratch, "work")
            work.mkdir()
            lines = run(f'trap \'stop_postgres; rm -rf "{work}"; echo trap-ran\' EXIT\nstart_postgres\necho "$pg_dir"')
            self.assertEqual(lines[-1], "trap-ran")
            self.assertFalse(work.exists(), "the script's own trap was replaced")
            self.assertFalse(os.path.exists(lines[-2]), "the server's folder outlived the script")


if __name__ == "__main__":
    unittest.main()
