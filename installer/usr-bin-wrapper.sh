#!/bin/sh
# /usr/bin/cdss-workstation: starts the bundle under /opt/cdss-workstation. Resolved relative to this file so a
# package unpacked into another root (dpkg --root, a portable copy) starts its own bundle.
here=$(dirname "$(readlink -f "$0")")
exec "$here/../../opt/cdss-workstation/cdss-workstation" "$@"
