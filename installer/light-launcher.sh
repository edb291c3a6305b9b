#!/bin/sh
# LIGHT (layout-test) build only: the project as installed from its wheel under app/, run by the Python that
# $CDSS_PYTHON names (it must provide the dependencies; the full build bundles them instead).
here=$(dirname "$(readlink -f "$0")")
PYTHONPATH="$here/app${PYTHONPATH:+:$PYTHONPATH}" exec "${CDSS_PYTHON:-python3}" -P -m workstation.cli.main "$@"
