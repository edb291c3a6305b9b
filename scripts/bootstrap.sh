#!/usr/bin/env bash
# Installs what the workstation and its tests need, once. Quick when nothing is missing.
#   bash scripts/bootstrap.sh          -> runtime (apt GUI libs + .venv with the app)
#   bash scripts/bootstrap.sh --test   -> also the real peers (Orthanc, dcmtk, MariaDB, Xvfb) and test tools
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
WANT_TEST=0
[[ "${1:-}" == "--test" ]] && WANT_TEST=1

APT_RUNTIME=(xvfb xauth libgl1 libegl1 libgl1-mesa-dri libglx-mesa0 libxkbcommon-x11-0 libxcb-cursor0
  libxcb-icccm4 libxcb-image0 libxcb-keysyms1 libxcb-randr0 libxcb-render-util0 libxcb-shape0
  libxcb-xinerama0 libxcb-xkb1 libxrender1 libxi6 libdbus-1-3 libfontconfig1 libxt6 fonts-noto-cjk)
APT_TEST=(orthanc orthanc-dicomweb orthanc-gdcm dcmtk mariadb-server mariadb-client dcm2niix dicom3tools curl redis-server)

need=()
pkgs=("${APT_RUNTIME[@]}")
[[ $WANT_TEST == 1 ]] && pkgs+=("${APT_TEST[@]}")
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || need+=("$p")
done
if (( ${#need[@]} )); then
  echo "[bootstrap] apt: installing ${need[*]}"
  SUDO=""; [[ $(id -u) != 0 ]] && SUDO="sudo"
  # never let package scripts start system services (Orthanc/MariaDB on default ports)
  if [[ ! -e /usr/sbin/policy-rc.d ]]; then
    printf '#!/bin/sh\nexit 101\n' | $SUDO tee /usr/sbin/policy-rc.d >/dev/null; $SUDO chmod +x /usr/sbin/policy-rc.d
  fi
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
  $SUDO service orthanc stop >/dev/null 2>&1 || true
  $SUDO service mariadb stop >/dev/null 2>&1 || true
fi

PY=${PYTHON:-python3}
if [[ ! -x .venv/bin/python ]]; then
  echo "[bootstrap] creating .venv"
  "$PY" -m venv .venv
fi
extras="app"; [[ $WANT_TEST == 1 ]] && extras="app,test"
stamp=".venv/.installed-$(cat pyproject.toml | sha1sum | cut -c1-12)-${extras/,/-}"
if [[ ! -e "$stamp" ]]; then
  echo "[bootstrap] pip: installing the project [$extras]"
  log=.venv/pip-install.log
  if ! { .venv/bin/pip install -q --upgrade pip && .venv/bin/pip install -q -e ".[${extras}]"; } >"$log" 2>&1; then
    tail -n 40 "$log" >&2; echo "[bootstrap] pip install failed (full log: $log)" >&2; exit 1
  fi
  rm -f .venv/.installed-*
  touch "$stamp"
  [[ $WANT_TEST == 1 ]] && touch ".venv/.installed-$(cat pyproject.toml | sha1sum | cut -c1-12)-app"
fi
exit 0
