"""Entry point for `python main.py` and for the cdktf CLI (see cdktf.json)."""

import sys

from oasis.cli import main

if __name__ == "__main__":
    sys.exit(main())
