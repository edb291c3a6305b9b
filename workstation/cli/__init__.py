"""Command-line interface: `cdss-workstation <sub-command>`."""
