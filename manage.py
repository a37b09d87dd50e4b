#!/usr/bin/env python
"""Same as the `plein` command, for those used to manage.py."""

from plein.cli import main

if __name__ == "__main__":
    main()
