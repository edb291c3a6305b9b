#!/usr/bin/env bash
# Run the whole test suite. Installs the app, the test tools and the real peers
# (Orthanc, dcmtk, MariaDB, Xvfb) on first use. Extra arguments go to pytest.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh --test
echo "[test] import layering (import-linter)"
.venv/bin/lint-imports --no-cache
echo "[test] pytest"
set +e
.venv/bin/python -m pytest "$@"
rc=$?
set -e
if [[ $rc == 5 ]]; then echo "[test] no tests collected" >&2; exit 1; fi
exit $rc
