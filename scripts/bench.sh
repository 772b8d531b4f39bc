#!/usr/bin/env bash
# npm run bench: the benchmarks, with the real parts they measure against set up here — a
# throwaway PostgreSQL server, and nginx and wrk from Debian's packages.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/ensure-packages.sh nginx:nginx wrk:wrk
source scripts/postgres.sh
start_test_postgres
trap stop_test_postgres EXIT
node --import tsx bench/main.ts "$@"
