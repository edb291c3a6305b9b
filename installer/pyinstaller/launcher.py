"""Entry point of the frozen bundle: the same command line as ``cdss-workstation`` from the checkout."""
import multiprocessing
import sys

from workstation.cli.main import main

if __name__ == "__main__":
    multiprocessing.freeze_support()
    sys.exit(main())
