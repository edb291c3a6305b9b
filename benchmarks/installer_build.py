"""Full installer build, installed and started: the figures for docs/installer.md. Never in CI (minutes of CPU).

    .venv/bin/python benchmarks/installer_build.py [--skip-build] [--out DIR]

1. ``bash installer/build.sh`` (the full PyInstaller bundle -> .deb + tarball, signed; a throwaway key unless
   ``$CDSS_SIGNING_KEY`` is set): build time and artefact sizes;
2. the .deb installed with ``dpkg --root`` into a throwaway root; the signatures checked with
   ``cdss-workstation verify`` and with plain ``openssl pkeyutl -verify -rawin`` / ``sha256sum -c``;
3. start-up under one Xvfb: the installed program (``ROOT/usr/bin/cdss-workstation``) against the checkout
   (``.venv/bin/cdss-workstation``), each ``run --screenshot`` on the demo study, first start (imports the demo
   into an empty archive) and warm starts (archive present), plus ``--help`` (bare process start). Ratios are
   installed / checkout. The screenshots are left in OUT for a person to look at.
"""
from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PKG = "cdss-workstation"


def sh(cmd, **kw) -> subprocess.CompletedProcess:
    return subprocess.run(cmd, capture_output=True, text=True, **kw)


def timed(cmd, env, timeout=600) -> tuple[float, subprocess.CompletedProcess]:
    t = time.perf_counter()
    r = sh(cmd, env=env, timeout=timeout, cwd=tempfile.gettempdir())
    return time.perf_counter() - t, r


def mib(path: Path) -> str:
    return f"{path.stat().st_size / 2**20:.1f} MiB"


def start_xvfb() -> tuple[subprocess.Popen, str]:
    """A private Xvfb on the first display number with neither a lock file nor a socket."""
    for n in range(120, 400):
        if Path(f"/tmp/.X{n}-lock").exists() or Path(f"/tmp/.X11-unix/X{n}").exists():
            continue
        proc = subprocess.Popen(["Xvfb", f":{n}", "-screen", "0", "1600x1000x24", "-nolisten", "tcp"],
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        for _ in range(100):
            if proc.poll() is not None:
                break
            if sh(["xdpyinfo", "-display", f":{n}"]).returncode == 0 if shutil.which("xdpyinfo") else \
                    Path(f"/tmp/.X11-unix/X{n}").exists():
                return proc, f":{n}"
            time.sleep(0.1)
        proc.kill()
        proc.wait()
    sys.exit("could not start Xvfb")


def startup(label: str, exe: list[str], out: Path, env: dict, warm_runs: int = 2) -> dict:
    home = Path(tempfile.mkdtemp(prefix=f"cdss-{label}-home-"))
    e = {**env, "CDSS_WORKSTATION_HOME": str(home)}
    helps = [timed([*exe, "--help"], e)[0] for _ in range(3)]
    first, r = timed([*exe, "run", "--screenshot", str(out / f"{label}-first.png")], e)
    if r.returncode != 0:
        sys.exit(f"{label}: first start failed ({r.returncode}):\n{r.stdout[-2000:]}\n{r.stderr[-4000:]}")
    warm = []
    for n in range(warm_runs):
        t, r = timed([*exe, "run", "--screenshot", str(out / f"{label}-warm{n}.png")], e)
        if r.returncode != 0:
            sys.exit(f"{label}: warm start failed:\n{r.stderr[-4000:]}")
        warm.append(t)
    shutil.rmtree(home, ignore_errors=True)
    return {"help": statistics.median(helps), "first": first, "warm": statistics.median(warm)}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "out" / "installer")
    ap.add_argument("--skip-build", action="store_true", help="use the artefacts already in OUT/dist")
    ap.add_argument("--bundle", type=Path, help="package this already built PyInstaller folder (build.sh --bundle)")
    args = ap.parse_args()
    out = args.out.resolve()
    dist = out / "dist"
    out.mkdir(parents=True, exist_ok=True)
    if not args.skip_build:
        t = time.perf_counter()
        extra = ["--bundle", str(args.bundle)] if args.bundle else []
        r = subprocess.run(["bash", "installer/build.sh", "--out", str(dist), "--work", str(out / "work"), *extra],
                           cwd=ROOT)
        build_s = time.perf_counter() - t
        if r.returncode != 0:
            return r.returncode
        what = "packaging and signing of a built bundle" if args.bundle else "the whole build"
        print(f"build: {build_s:.0f} s ({what}: bash installer/build.sh, nice 15, on this machine's shared cores)")
    deb = next(dist.glob(f"{PKG}_*.deb"))
    tarball = next(dist.glob(f"{PKG}-*.tar.gz"))
    throwaway = dist / "THROWAWAY-release-ed25519.pub"
    pub = throwaway if throwaway.exists() else ROOT / "installer" / "keys" / "release-ed25519.pub"

    root = Path(tempfile.mkdtemp(prefix="cdss-root-"))
    for d in ("info", "updates", "triggers"):
        (root / "var/lib/dpkg" / d).mkdir(parents=True)
    (root / "var/lib/dpkg/status").touch()
    t = time.perf_counter()
    r = sh(["dpkg", f"--root={root}", "--force-script-chrootless", "--force-not-root", "--force-depends",
            "--log=/dev/null", "-i", str(deb)])
    install_s = time.perf_counter() - t
    if r.returncode != 0:
        sys.exit(f"dpkg -i failed:\n{r.stdout}\n{r.stderr}")
    installed = [str(root / "usr/bin" / PKG)]

    checks = {
        "installed verify": sh([*installed, "verify", str(deb), "--key", str(pub)]).returncode == 0,
        "openssl pkeyutl -verify -rawin": "Verified Successfully" in sh(
            ["openssl", "pkeyutl", "-verify", "-pubin", "-inkey", str(pub), "-rawin", "-in", str(deb),
             "-sigfile", f"{deb}.sig"]).stdout,
        "sha256sum -c SHA256SUMS": sh(["sha256sum", "-c", "--quiet", "SHA256SUMS"], cwd=dist).returncode == 0,
    }
    xvfb, display = start_xvfb()
    try:
        env = {**os.environ, "DISPLAY": display}
        env.pop("CDSS_SITE_CONFIG", None)
        inst = startup("installed", installed, out, env)
        chk = startup("checkout", [str(ROOT / ".venv/bin" / PKG)], out, env)
    finally:
        xvfb.terminate()
        xvfb.wait()
    shutil.rmtree(root, ignore_errors=True)

    print(f"artefacts: {deb.name} {mib(deb)}, {tarball.name} {mib(tarball)}")
    installed_kib = int(sh(["dpkg-deb", "-f", str(deb), "Installed-Size"]).stdout)
    print(f"installed size: {installed_kib / 1024:.0f} MiB; dpkg -i into the throwaway root {install_s:.1f} s")
    for name, ok in checks.items():
        print(f"check {name}: {'OK' if ok else 'FAILED'}")
    print(f"{'start-up (s)':<34}{'installed':>10}{'checkout':>10}{'ratio':>8}")
    for key, what in (("help", "--help (process start)"), ("first", "run, empty archive (demo import)"),
                      ("warm", "run, archive present (median of 2)")):
        print(f"{what:<34}{inst[key]:>10.2f}{chk[key]:>10.2f}{inst[key] / chk[key]:>8.2f}")
    print(f"screenshots: {out}/installed-*.png, {out}/checkout-*.png")
    return 0 if all(checks.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
