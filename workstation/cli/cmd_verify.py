"""``cdss-workstation verify ARTEFACT [--signature SIG] [--key PUB]``: check an installer or update before installing.

Exit codes: 0 verified; 2 usage error; 3 the artefact cannot be read; 4 unsigned (no or no valid signature
file); 5 altered after signing (or a signature that does not belong to it); 6 signed with another key;
7 no usable public key. The plain-tool way (openssl, sha256sum) is in docs/installer.md.
"""
from __future__ import annotations

import argparse


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("verify", help="check an installer/update against its Ed25519 signature before installing",
                       description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("artefact", help="the .deb, tarball, release.json or SHA256SUMS to check")
    p.add_argument("--signature", help="detached signature (default: ARTEFACT.sig)")
    p.add_argument("--key", help="Ed25519 public key, PEM (default: the release key shipped with the workstation)")
    p.add_argument("--json", action="store_true", help="print the verdict as JSON")
    p.set_defaults(func=_run)


def _run(args: argparse.Namespace) -> int:
    import json
    import sys

    from workstation.release_verify import verify_artefact

    verdict = verify_artefact(args.artefact, args.signature, args.key)
    if args.json:
        print(json.dumps({"ok": verdict.ok, "code": verdict.code, "message": verdict.message,
                          "sha256": verdict.sha256}))
    else:
        print(verdict.message, file=sys.stdout if verdict.ok else sys.stderr)
    return verdict.code
