"""``python -m datalchemy``."""

from datalchemy.cli import main

main()
