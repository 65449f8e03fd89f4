"""Entry point of the frozen app: the same ``mixtape`` command as ``pip install`` gives."""

import sys
from multiprocessing import freeze_support

from app.cli import main

if __name__ == "__main__":
    freeze_support()
    sys.exit(main())
