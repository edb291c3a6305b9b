"""Qt widgets of the workstation (one widget per file)."""
