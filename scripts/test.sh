#!/usr/bin/env bash
# npm test: every test, with the real parts it needs set up here — Chromium from Debian's
# packages (and poppler-utils, whose pdftotext reads the packs' PDFs) and a throwaway PostgreSQL
# server — and torn down afterwards.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/ensure-packages.sh chromium:chromium,fonts-liberation nginx:nginx pdftotext:poppler-utils
source scripts/postgres.sh
start_test_postgres
trap stop_test_postgres EXIT

mkdir -p test-artifacts
# Node 20 runs no test for a folder or a glob: pass the file list explicitly.
mapfile -t files < <(find src test -name '*.test.ts' | sort)
# A file's whole run is one test here: 15 minutes lets the browser tests (the site served and
# published, in English and Welsh, about 9 minutes) finish on a slow machine, yet stops a hang.
node --import tsx --test --test-concurrency=1 --test-force-exit --test-timeout=900000 "$@" "${files[@]}"
