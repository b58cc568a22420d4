"""``python -m registry COMMAND``: the command line (registry/cli/main.py)."""

import sys

from registry.cli.main import run

sys.exit(run())
