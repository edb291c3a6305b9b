#!/usr/bin/env bash
# Run the workstation on its embedded defaults (local SQLite archive, bundled demo study).
# Installs what it needs on first use. Extra arguments go to `cdss-workstation`.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh
if [[ -z "${DISPLAY:-}" && -z "${WAYLAND_DISPLAY:-}" ]]; then
  # No screen (e.g. a server over ssh): run on a virtual X screen so the app still starts;
  # `--screenshot out.png` shows what it drew.
  echo "[run] no display found: using a virtual screen (Xvfb)" >&2
  exec xvfb-run -a -s "-screen 0 1600x1000x24 -nolisten tcp" .venv/bin/cdss-workstation "$@"
fi
exec .venv/bin/cdss-workstation "$@"
