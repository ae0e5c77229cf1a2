"""``python -m burdenshare`` runs the command line."""

from burdenshare.cli import main

if __name__ == "__main__":
    main()
