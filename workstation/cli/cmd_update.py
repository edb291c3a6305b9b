"""``cdss-workstation update``: look for a newer signed release in the update source and say whether one is offered.

The source is ``--source`` or ``[updates] source`` of the site configuration (a folder or an http(s) URL).
Only a release whose release.json, artefact and detached signature all verify against the release key is
offered; nothing is installed (IT installs the offered file: ``sudo dpkg -i FILE``).
Exit codes: 0 an update is offered; 1 none (the reasons are printed); 2 usage error or no source configured.
"""
from __future__ import annotations

import argparse


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("update", help="check the update source for a newer signed release (installs nothing)",
                       description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--source", help="update folder or URL (default: [updates] source of site.toml)")
    p.add_argument("--key", help="Ed25519 public key, PEM (default: the shipped release key)")
    p.add_argument("--kind", choices=["deb", "tarball"], default="deb", help="which artefact to offer (default deb)")
    p.add_argument("--download-dir", help="where a release fetched from a URL is kept (default: a temp folder)")
    p.add_argument("--json", action="store_true", help="print the result as JSON")
    p.set_defaults(func=_run)


def _run(args: argparse.Namespace) -> int:
    import json
    import sys
    from pathlib import Path

    from workstation import site_config
    from workstation.updates import check_for_update

    source, key = args.source, args.key
    if not source or not key:
        try:
            cfg = site_config.load()
        except site_config.SiteConfigError as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 2
        source, key = source or cfg.update_source, key or cfg.update_public_key or None
    if not source:
        print("error: no update source: give --source or set [updates] source in site.toml", file=sys.stderr)
        return 2
    check = check_for_update(source, key_path=key, kind=args.kind,
                             download_dir=Path(args.download_dir) if args.download_dir else None)
    if args.json:
        o = check.offer
        print(json.dumps({"installed": check.current_version, "reasons": check.reasons,
                          "offer": o and {"version": o.version, "build_date": o.build_date,
                                          "artefact": str(o.artefact), "sha256": o.sha256}}))
    else:
        print(check.summary)
        if check.offer and check.offer.kind == "deb":
            print(f"install with: sudo dpkg -i {check.offer.artefact}")
    return 0 if check.offer else 1
