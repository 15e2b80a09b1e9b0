"""The command line from Python: ``python -m nabla ARGS`` and the ``nabla`` console script.

The same command line as the ``nabla`` binary (its Rust code is linked into the extension
module), so a pip user needs no Rust toolchain: ``python -m nabla min "x^2 + y^2" --from 1,2``.
Exit codes are the binary's: 0 success, 1 numerical failure or failed check, 2 usage or parse
error, 3 an answer double precision cannot decide.
"""

import signal
import sys


def main() -> None:
    """Runs the command line on ``sys.argv[1:]`` and exits with its code."""
    from nabla._nabla import cli_main

    # The command line is the whole process: Ctrl-C and a closed pipe end it as they end the
    # binary (Python would otherwise hold Ctrl-C until the Rust code returns).
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    if hasattr(signal, "SIGPIPE"):
        signal.signal(signal.SIGPIPE, signal.SIG_DFL)
    sys.stdout.flush()
    sys.stderr.flush()
    sys.exit(cli_main(["nabla", *sys.argv[1:]], sys.executable))


if __name__ == "__main__":
    main()
