# shared words: language names, labels used by several commands
# English catalog. Every message here exists in ../zh-TW/common.ftl.ftl with the same variables.

# The language's own name, as the page's switch shows it.
lang-name = English

## `nabla --help`: what the command line, its subcommands and the shared flags are. English is
## clap's text from the doc comments (cli/src/cli/*.rs); a test keeps these the same.

help-about = The nabla command line: exact derivatives, gradient checks, optimizers, certificates, plots and fitting for a typed formula, and the browser playground `nabla serve`.
help-heading-usage = Usage:
help-heading-commands = Commands
help-heading-arguments = Arguments
help-heading-options = Options
help-eval = Evaluate a formula at a point
help-grad = Value, gradient and the symbolic partial derivatives at a point
help-diff = Print derivatives as formulas (infix or LaTeX), optionally the Hessian
help-min = Find a minimum: L-BFGS by default, any method of the suite, multi-start, comparisons
help-plot = Draw the function: contour map or curve, optimizer paths, surface, loss chart
help-check = Check the gradient against central differences, or verify hand-derived partials
help-fit = Fit a formula's parameters to the columns of a CSV file with mini-batch optimizers
help-trace = The evaluation trace at a point: forward sweep, reverse sweep's adjoints, gradient, costs
help-graph = Draw the expression graph (SVG or PNG), with values and adjoints; or print Graphviz DOT
help-schema = Print the JSON Schema of the answers that `--json` prints (of one command's, if named)
help-serve = The playground in the browser: a local web server for the page and its JSON API
help-help = Print this message or the help of the given subcommand(s)
help-arg-lang = Language of the text output, errors and pictures: `en` or `zh-TW` (default: from LC_ALL, LC_MESSAGES or LANG; English when they name another language). `--json` keys and values stay English
help-arg-json = Print machine-readable JSON instead of text
help-arg-help = Print help
help-arg-version = Print version
help-arg-formula = The formula, e.g. "x^2 + 3*x*y" (use `-` to read it from standard input)
help-arg-file = Read the formula from a file
help-arg-vars = Variable order, comma-separated (default: the definition's, else order of appearance)
help-arg-eval-at = The point: `x=1,y=2` by name, or `1,2` in variable order
help-arg-grad-at = The point: `x=3,y=4` by name, or `3,4` in variable order
help-arg-no-formulas = Leave out the symbolic partial derivatives
help-arg-wrt = Differentiate only with respect to these variables (comma-separated)
help-arg-hessian = Print the second derivatives (the Hessian) instead of the first
help-arg-latex = Print LaTeX instead of infix text
help-arg-mathml = Print presentation MathML instead of infix text (--json always adds a "mathml" object)
help-arg-schema-command = The command whose answer to describe (default: every answer, by its `command` key)

# nabla serve's lines on the terminal ($url stays last: scripts read it).
serve-listening = nabla serve: listening on { $url }
serve-shutting-down = nabla serve: shutting down
serve-exposed = listening on { $host } makes the playground reachable from other machines; anyone who can reach it can run computations (within the limits); use --host 127.0.0.1 to keep it on this machine
serve-runtime = cannot start the server's runtime: { $reason }
serve-local-address = cannot read the listening address: { $reason }
serve-no-browser = cannot open a browser with `{ $program }` ({ $reason }); open { $url } by hand
serve-bind-in-use = cannot listen on { $addr }: another program listens on port { $port }; pick another port with --port (0 for any free one)
serve-bind-not-here = cannot listen on { $ip }: it is not an address of this machine; give one of its own addresses with --host (127.0.0.1 for this machine only, 0.0.0.0 for every interface)
serve-bind-denied = cannot listen on { $addr }: the system does not allow it (ports below 1024 need privileges); pick a port from 1024 up with --port
serve-bind-other = cannot listen on { $addr }: { $reason }; pick another address or port with --host and --port
