"""`python -m scanner`, which never imports a module from the working folder.

The working folder is usually the scanned tree, and `-m` puts it first on
`sys.path`: a `click.py` or `yaml.py` there would be imported in place of the
real one, and run. That entry is dropped before anything else is imported,
unless this package itself was found there (a checkout of nhiguard run in
place, whose modules it needs).
"""

import os
import sys


def _drop_working_folder() -> None:
    if getattr(sys.flags, "safe_path", False) or not sys.path:  # `python -P` added nothing
        return
    working = os.path.realpath(os.getcwd())
    ours = os.path.realpath(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    if os.path.realpath(sys.path[0] or os.curdir) == working and ours != working:
        del sys.path[0]


_drop_working_folder()

from scanner.cli import main  # noqa: E402

main()
