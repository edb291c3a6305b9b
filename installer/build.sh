#!/usr/bin/env bash
# Build the signed installers: bash installer/build.sh [--light] [--out DIR] [--work DIR]
#
#   (default)  full release build: PyInstaller bundle (Python, Qt, VTK, the app's dependencies, onnxruntime when
#              installed, resources/ with the demo study and models) -> .deb + portable .tar.gz in dist/
#   --bundle DIR  package an already built PyInstaller folder (its _internal/build-info.json gives the date)
#   --light    layout build for tests/CI (seconds): the project installed from its wheel under app/ with a small
#              launcher instead of the frozen bundle (needs $CDSS_PYTHON with the dependencies to run).
#
# Signing: the private Ed25519 key comes from $CDSS_SIGNING_KEY (a PEM file, chmod 600). Without it a throwaway
# key is made in a temp folder, used once and deleted; its public half is written as
# OUT/THROWAWAY-release-ed25519.pub so that a dev build can be checked with --key (the shipped release key will
# refuse it, as it should). Version from pyproject.toml; build date from $SOURCE_DATE_EPOCH or now.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
MODE=full OUT=$ROOT/dist WORK=$ROOT/build/installer BUNDLE=
while (($#)); do
  case "$1" in
    --light) MODE=light ;;
    --full) MODE=full ;;
    --out) OUT=$(realpath -m "$2"); shift ;;
    --work) WORK=$(realpath -m "$2"); shift ;;
    --bundle) BUNDLE=$(realpath "$2"); shift ;;
    -h|--help) sed -n '2,13p' "$0"; exit 0 ;;
    *) echo "build.sh: unknown argument $1" >&2; exit 2 ;;
  esac
  shift
done
log() { echo "[installer] $*" >&2; }
T0=$(date +%s.%N)

if [[ $MODE == full && ! -x $ROOT/.venv/bin/python ]]; then
  bash scripts/bootstrap.sh  # a clean checkout: apt GUI libraries and .venv with the app
fi
PY=${PYTHON:-$ROOT/.venv/bin/python}
[[ -x $PY ]] || { echo "build.sh: no Python at $PY (run scripts/bootstrap.sh or set PYTHON)" >&2; exit 1; }
VERSION=$("$PY" -c 'import tomllib; print(tomllib.load(open("pyproject.toml","rb"))["project"]["version"])')
EPOCH=${SOURCE_DATE_EPOCH:-$(date +%s)}
BUILD_DATE=$(date -u -d "@$EPOCH" +%Y-%m-%dT%H:%M:%SZ)
COMMIT=$(git rev-parse --short=12 HEAD 2>/dev/null || echo unknown)
git diff --quiet HEAD -- viewer workstation inference sync resources installer pyproject.toml 2>/dev/null || COMMIT="$COMMIT+dirty"
if [[ -n $BUNDLE ]]; then  # the date and commit the bundle was built with
  read -r BUILD_DATE COMMIT < <("$PY" -c 'import json,sys; i=json.load(open(sys.argv[1])); print(i["build_date"], i["commit"])' "$BUNDLE/_internal/build-info.json")
  EPOCH=$(date -d "$BUILD_DATE" +%s)
fi
ARCH=$(dpkg --print-architecture)
PKG=cdss-workstation
# what Qt's xcb plugin and VTK load from the system (the list scripts/bootstrap.sh installs)
FULL_DEPENDS="libc6 (>= 2.34), libgl1, libegl1, libfontconfig1, libdbus-1-3, libxkbcommon-x11-0, libxcb-cursor0, libxcb-icccm4, libxcb-image0, libxcb-keysyms1, libxcb-randr0, libxcb-render-util0, libxcb-shape0, libxcb-xinerama0, libxcb-xkb1, libxrender1, libxi6, libxt6"
log "$MODE build of $PKG $VERSION ($COMMIT) for $ARCH, dated $BUILD_DATE"

rm -rf "$WORK"
mkdir -p "$WORK" "$OUT"
rm -f "$OUT"/${PKG}_*.deb* "$OUT"/${PKG}-*.tar.gz* "$OUT"/SHA256SUMS* "$OUT"/release.json* "$OUT"/THROWAWAY-*
OPT=$WORK/bundle  # becomes /opt/cdss-workstation and the tarball's top folder

ONNX=$("$PY" -c 'import onnxruntime; print(onnxruntime.__version__)' 2>/dev/null || true)
write_build_info() {  # $1: file
  "$PY" - "$1" <<EOF
import json, sys, platform
json.dump({"name": "$PKG", "version": "$VERSION", "build_date": "$BUILD_DATE", "commit": "$COMMIT",
           "mode": "$MODE", "python": platform.python_version(), "arch": "$ARCH",
           "onnxruntime": "$ONNX" or None, "torch_bundled": "${CDSS_BUNDLE_TORCH:-0}" == "1" and "$MODE" == "full"},
          open(sys.argv[1], "w"), indent=1)
EOF
}

if [[ $MODE == light ]]; then
  mkdir -p "$OPT/app" "$WORK/wheel" "$WORK/src"
  log "wheel of the project"
  # from a copy of the tree (tracked and new files, no ignored ones): no stale build/lib, nothing written here
  if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
    git ls-files -z -co --exclude-standard | tar --null --ignore-failed-read -T - -cf - 2>/dev/null | tar -C "$WORK/src" -xf -
  else  # an unpacked source tarball
    tar --exclude=./.venv --exclude=./build --exclude=./dist --exclude=__pycache__ --exclude='*.egg-info' -cf - . \
      | tar -C "$WORK/src" -xf -
  fi
  "$PY" -m pip wheel -q --no-deps --no-build-isolation -w "$WORK/wheel" "$WORK/src" >"$WORK/pip.log" 2>&1 \
    || { tail -n 30 "$WORK/pip.log" >&2; exit 1; }
  "$PY" -m pip install -q --no-deps --no-index --no-compile --target "$OPT/app" "$WORK"/wheel/*.whl >>"$WORK/pip.log" 2>&1 \
    || { tail -n 30 "$WORK/pip.log" >&2; exit 1; }
  # resources/ wholesale (models and data the wheel's package-data patterns may not name)
  rm -rf "$OPT/app/resources" && cp -a "$WORK/src/resources" "$OPT/app/resources"
  install -m 0755 installer/light-launcher.sh "$OPT/cdss-workstation"
  write_build_info "$OPT/build-info.json"
  DEPENDS="python3 (>= 3.11)"
elif [[ -n $BUNDLE ]]; then
  log "packaging the bundle built earlier in $BUNDLE"
  cp -a "$BUNDLE" "$OPT"
  cp "$BUNDLE/_internal/build-info.json" "$OPT/build-info.json"
  DEPENDS=$FULL_DEPENDS
else
  BVENV=$ROOT/build/pyinstaller-venv
  if [[ ! -x $BVENV/bin/pyinstaller ]]; then
    log "build venv with PyInstaller at $BVENV (layered on .venv, which keeps the app's dependencies)"
    python3 -m venv "$BVENV"
    SITE=$("$PY" -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')
    BSITE=$("$BVENV/bin/python" -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')
    echo "import site; site.addsitedir('$SITE')" > "$BSITE/zz-cdss-app-venv.pth"
    "$BVENV/bin/pip" install -q 'pyinstaller>=6.10,<7' 'pyinstaller-hooks-contrib>=2024.8'
  fi
  write_build_info "$WORK/build-info.json"
  log "PyInstaller bundle (several minutes)"
  CDSS_ROOT=$ROOT CDSS_BUILD_INFO=$WORK/build-info.json nice -n "${NICE:-15}" "$BVENV/bin/pyinstaller" \
    --noconfirm --log-level WARN --distpath "$WORK/pyi-dist" --workpath "$WORK/pyi-work" \
    installer/pyinstaller/cdss-workstation.spec >"$WORK/pyinstaller.log" 2>&1 \
    || { tail -n 40 "$WORK/pyinstaller.log" >&2; exit 1; }
  mv "$WORK/pyi-dist/cdss-workstation" "$OPT"
  cp "$WORK/build-info.json" "$OPT/build-info.json"  # next to the executable, as in the light layout
  DEPENDS=$FULL_DEPENDS
fi
mkdir -p "$OPT/share"
install -m 0644 installer/keys/release-ed25519.pub installer/site.toml.example installer/cdss-workstation.desktop \
  installer/icons/cdss-workstation.svg "$OPT/share/"

# ---- Debian package ----
DEB=$WORK/deb
mkdir -p "$DEB/DEBIAN" "$DEB/opt" "$DEB/usr/bin" "$DEB/usr/share/applications" "$DEB/etc/cdss-workstation" \
  "$DEB/usr/share/icons/hicolor/scalable/apps" "$DEB/usr/share/icons/hicolor/256x256/apps" \
  "$DEB/usr/share/icons/hicolor/48x48/apps" "$DEB/usr/share/doc/$PKG"
cp -a "$OPT" "$DEB/opt/$PKG"
install -m 0755 installer/usr-bin-wrapper.sh "$DEB/usr/bin/$PKG"
install -m 0644 installer/cdss-workstation.desktop "$DEB/usr/share/applications/$PKG.desktop"
install -m 0644 installer/icons/cdss-workstation.svg "$DEB/usr/share/icons/hicolor/scalable/apps/$PKG.svg"
install -m 0644 installer/icons/cdss-workstation-256.png "$DEB/usr/share/icons/hicolor/256x256/apps/$PKG.png"
install -m 0644 installer/icons/cdss-workstation-48.png "$DEB/usr/share/icons/hicolor/48x48/apps/$PKG.png"
install -m 0644 installer/site.toml.example "$DEB/etc/cdss-workstation/site.toml"
install -m 0644 installer/debian/copyright "$DEB/usr/share/doc/$PKG/copyright"
install -m 0755 installer/debian/postinst installer/debian/postrm "$DEB/DEBIAN/"
echo "/etc/cdss-workstation/site.toml" > "$DEB/DEBIAN/conffiles"
SIZE_KB=$(du -sk --exclude=DEBIAN "$DEB" | cut -f1)
DESC_MODE=""; [[ $MODE == light ]] && DESC_MODE=" LIGHT layout-test build: runs with the Python named by CDSS_PYTHON."
cat > "$DEB/DEBIAN/control" <<EOF
Package: $PKG
Version: $VERSION
Architecture: $ARCH
Maintainer: CDSS Workstation project <cdss-workstation@invalid>
Installed-Size: $SIZE_KB
Depends: $DEPENDS
Recommends: fonts-noto-cjk
Section: science
Priority: optional
Homepage: https://invalid/cdss-workstation
Description: Brain Tumor CDSS reading workstation
 DICOM archive, viewer, MPR, reporting, AI segmentation review and sync with the
 CDSS backend, as one self-contained bundle under /opt/cdss-workstation.
 Site configuration: /etc/cdss-workstation/site.toml. Build $BUILD_DATE, $COMMIT.$DESC_MODE
EOF
DEBFILE=$OUT/${PKG}_${VERSION}_${ARCH}.deb
log "dpkg-deb -> $(basename "$DEBFILE")"
nice -n "${NICE:-15}" dpkg-deb --root-owner-group -Zgzip -z"${GZ_LEVEL:-6}" --build "$DEB" "$DEBFILE" >/dev/null

# ---- portable tarball ----
TOP=$PKG-$VERSION
TARFILE=$OUT/$PKG-$VERSION-linux-$(uname -m).tar.gz
ln -sfn "$OPT" "$WORK/$TOP"
log "tar -> $(basename "$TARFILE")"
tar -C "$WORK" --dereference --sort=name --owner=0 --group=0 --numeric-owner --mtime="@$EPOCH" -cf - "$TOP" \
  | nice -n "${NICE:-15}" gzip -"${GZ_LEVEL:-6}" -n > "$TARFILE"
rm -f "$WORK/$TOP"

# ---- signatures and manifests ----
KEY=${CDSS_SIGNING_KEY:-}
if [[ -z $KEY ]]; then
  KEYDIR=$(mktemp -d)
  trap 'rm -rf "$KEYDIR"' EXIT
  "$PY" installer/sign_release.py keygen "$KEYDIR" >/dev/null
  KEY=$KEYDIR/release-ed25519.key
  cp "$KEYDIR/release-ed25519.pub" "$OUT/THROWAWAY-release-ed25519.pub"
  log "WARNING: no CDSS_SIGNING_KEY: signed with a THROWAWAY key (public half: $OUT/THROWAWAY-release-ed25519.pub);"
  log "         the shipped release key refuses these artefacts"
  PUB=$OUT/THROWAWAY-release-ed25519.pub
else
  PUB=$WORK/signing-key.pub  # the public half, for the self-check below
  "$PY" installer/sign_release.py pubkey "$KEY" "$PUB"
  cmp -s "$PUB" installer/keys/release-ed25519.pub || \
    log "WARNING: CDSS_SIGNING_KEY is not the release key in installer/keys: the installed workstation will refuse these artefacts as updates"
fi
"$PY" installer/sign_release.py sign "$OUT" --key "$KEY" --version "$VERSION" --build-date "$BUILD_DATE" \
  --commit "$COMMIT" >/dev/null
for f in "$DEBFILE" "$TARFILE" "$OUT/release.json" "$OUT/SHA256SUMS"; do
  "$PY" -m workstation.cli.main verify "$f" --key "$PUB" >/dev/null || { echo "build.sh: $f failed verification" >&2; exit 1; }
done
T1=$(date +%s.%N)
log "done in $(printf '%.1f' "$(echo "$T1 - $T0" | bc)") s:"
(cd "$OUT" && ls -l --block-size=K ${PKG}_*.deb ${PKG}-*.tar.gz SHA256SUMS release.json | awk '{print "  " $5 "  " $9}') >&2
