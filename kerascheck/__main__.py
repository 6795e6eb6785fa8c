"""``python -m kerascheck``."""

import sys

from .cli import main

sys.exit(main())
