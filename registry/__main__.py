import sys

from registry.cli import run

sys.exit(run())
