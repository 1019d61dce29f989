"""Counts what a Belfry SQLite database holds, straight from its segment tables (without
Belfry, so that a test does not trust the program it checks).

    python3 stored_events.py DB   ->   "<events> <distinct dedup hashes>"  (0 0 without DB)
"""
import os
import sqlite3
import sys


def count(db):
    """(events, distinct dedup hashes) stored in `db`."""
    if not os.path.exists(db):
        return 0, 0
    con = sqlite3.connect(db)
    tables = [r[0] for r in con.execute(
        "SELECT name FROM sqlite_master WHERE type='table' AND name GLOB 'ev_[0-9]*'")]
    if not tables:
        return 0, 0
    union = " UNION ALL ".join(f"SELECT hash FROM {t}" for t in tables)
    return con.execute(f"SELECT count(*), count(DISTINCT hash) FROM ({union})").fetchone()


if __name__ == "__main__":
    print(*count(sys.argv[1]))
