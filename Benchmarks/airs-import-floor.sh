#!/usr/bin/env bash
# What SQLite alone needs to store a full import, beside xmllint: the floor under issue 3's
# full-import target (2.5x `xmllint --stream --noout`).
#
# Imports the generator's AIRS XML once with `switchboard import`, then, in alternating rounds,
# times xmllint on the feed and SQLite copying that import's rows into an empty database file with
# the same schema: no XML, no Swift, no JSON, every row already made. A real import does all that
# and then this too, so no importer storing these rows can be faster than the copy.
#
#   Benchmarks/airs-import-floor.sh [SERVICES] [ROUNDS]   (default 150000 and 3)
#   SWITCHBOARD_BIN=/path/to/switchboard Benchmarks/airs-import-floor.sh ...
#
# The copies, each one transaction from `INSERT ... SELECT` of an attached copy of the import:
#   wal, every index   the store as it is: WAL (readers keep the old directory until the commit),
#                      foreign keys on, the refresh's 12 MiB page cache, every index of the schema;
#   wal, keys only     the same without a single secondary index: only the tables' own keys;
#   wal, indexes after keys only while the rows go in, then every index built from them before
#                      the commit (sorted, not row by row): the cheapest way to the store's schema;
#   no journal         keys only and no journal at all: what writing the bytes costs. Not a store:
#                      a crash midway would leave a broken file, and readers would see half.
# Rows go in the order the import wrote them (rowid, or their service's rowid); the feed units,
# keyed by a digest, in random order, as the import meets them.
set -euo pipefail
cd "$(dirname "$0")/.."
services=${1:-150000}
rounds=${2:-3}
source Benchmarks/switchboard-bin.sh
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
source Benchmarks/beside-xmllint.sh
command -v sqlite3 >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq sqlite3 >/dev/null; }

feed=$work/feed.xml
source_db=$work/import.sqlite
"$bin" generate --services "$services" --seed 11 --format airs --output "$feed" >/dev/null 2>&1
read -r import_s import_mb import_cpu < <(timed "$bin" import "$feed" --feed bench --database "$source_db")

# Each table in an order that satisfies its foreign keys, with the order its rows were written in.
# A table the list does not know, holding rows, stops the benchmark: the floor must copy everything.
copies=(
  "taxonomy|ORDER BY rowid"
  "taxonomy_term|ORDER BY rowid"
  "feed_run|ORDER BY rowid"
  "feed_validators|ORDER BY rowid"
  "organization|ORDER BY rowid"
  "program|ORDER BY rowid"
  "location|ORDER BY rowid"
  "service|ORDER BY rowid"
  "service_at_location|ORDER BY rowid"
  "service_taxonomy_term|ORDER BY (SELECT s.rowid FROM src.service s WHERE s.id = service_id)"
  "service_domain|ORDER BY (SELECT s.rowid FROM src.service s WHERE s.id = service_id)"
  "feed_unit|ORDER BY random()"
)
known=" grdb_migrations directory_revision sqlite_sequence "
for entry in "${copies[@]}"; do known+="${entry%%|*} "; done
while read -r table; do
  case "$known" in *" $table "*) ;; *)
    rows=$(sqlite3 "$source_db" "SELECT count(*) FROM \"$table\"")
    [ "$rows" = 0 ] || { echo "table $table holds $rows rows the floor does not copy: add it to the list" >&2; exit 1; } ;;
  esac
done < <(sqlite3 "$source_db" "SELECT name FROM sqlite_master WHERE type = 'table'")

sqlite3 "$source_db" .schema | grep -v '^CREATE TABLE sqlite_sequence' >"$work/schema.sql"
grep -v -E '^CREATE (UNIQUE )?INDEX' "$work/schema.sql" >"$work/keys-only.sql"
grep -E '^CREATE (UNIQUE )?INDEX' "$work/schema.sql" >"$work/indexes.sql"
grep -q ';$' "$work/indexes.sql" && [ "$(grep -c -E '^CREATE (UNIQUE )?INDEX' "$work/indexes.sql")" = "$(wc -l <"$work/indexes.sql")" ] \
  || { echo "the schema's indexes are not one statement a line: the keys-only schema would be wrong" >&2; exit 1; }

# The copy's SQL: pragmas, schema, then every table in one transaction.
script() { # journal schema-file [indexes-file, built after the rows]
  echo "PRAGMA journal_mode = $1; PRAGMA foreign_keys = ON; PRAGMA cache_size = -12288;"
  cat "$2"
  echo "ATTACH '$source_db' AS src; BEGIN;"
  for entry in "${copies[@]}"; do echo "INSERT INTO main.\"${entry%%|*}\" SELECT * FROM src.\"${entry%%|*}\" ${entry#*|};"; done
  [ -z "${3:-}" ] || cat "$3"
  echo "COMMIT;"
}
script wal "$work/schema.sql" >"$work/wal-every-index.sql"
script wal "$work/keys-only.sql" >"$work/wal-keys-only.sql"
script wal "$work/keys-only.sql" "$work/indexes.sql" >"$work/wal-indexes-after.sql"
script off "$work/keys-only.sql" >"$work/no-journal.sql"

copy() { # sql-file
  rm -f "$work/copy.sqlite" "$work/copy.sqlite-wal" "$work/copy.sqlite-shm"
  timed sqlite3 "$work/copy.sqlite" <"$1"
}

echo "switchboard import of $services services ($(du -m "$feed" | cut -f1) MB of AIRS XML, $(du -m "$source_db" | cut -f1) MB stored): ${import_s} s, CPU ${import_cpu} s, peak ${import_mb} MB"
echo
echo "| round | xmllint s | wal, every index s | ratio | wal, indexes after s | ratio | wal, keys only s | ratio | no journal, keys only s | ratio |"
echo "|---|---|---|---|---|---|---|---|---|---|"
for round in $(seq 1 "$rounds"); do
  read -r xs _ _ < <(timed xmllint --stream --noout "$feed")
  read -r every _ _ < <(copy "$work/wal-every-index.sql")
  read -r after _ _ < <(copy "$work/wal-indexes-after.sql")
  [ "$(sqlite3 "$work/copy.sqlite" "SELECT count(*) FROM sqlite_master WHERE type = 'index'")" = \
    "$(sqlite3 "$source_db" "SELECT count(*) FROM sqlite_master WHERE type = 'index'")" ] || { echo "the copy lacks indexes" >&2; exit 1; }
  read -r keys _ _ < <(copy "$work/wal-keys-only.sql")
  read -r bare _ _ < <(copy "$work/no-journal.sql")
  # The copy must hold what the import stored, or the floor is not one.
  for table in service location organization feed_unit; do
    [ "$(sqlite3 "$work/copy.sqlite" "SELECT count(*) FROM $table")" = "$(sqlite3 "$source_db" "SELECT count(*) FROM $table")" ] \
      || { echo "the copy lost rows of $table" >&2; exit 1; }
  done
  printf '| %d | %.2f | %.2f | %s | %.2f | %s | %.2f | %s | %.2f | %s |\n' "$round" "$xs" "$every" "$(ratio "$every" "$xs")" \
    "$after" "$(ratio "$after" "$xs")" "$keys" "$(ratio "$keys" "$xs")" "$bare" "$(ratio "$bare" "$xs")"
done
echo
echo "machine: $(nproc) cores, load $(cut -d" " -f1-3 /proc/loadavg); SQLite $(sqlite3 --version | cut -d" " -f1); libxml2 $(xmllint --version 2>&1 | head -1 | awk '{print $NF}')"
