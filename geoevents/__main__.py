"""``python -m geoevents``: the same as the ``geoevents`` command."""

from geoevents.cli import main

if __name__ == "__main__":
    main()
