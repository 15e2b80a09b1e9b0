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

# The flags of min, plot, check, fit, trace, graph and serve: help-arg-<subcommand>-<flag id>, looked up by
# cli/src/cli/help.rs; the English repeats the doc comments (a test compares them).
help-arg-min-method = Method: lbfgs, newton, nelder-mead, gd-armijo, gd, momentum, nesterov, adagrad, adadelta, rmsprop, adam, adamax, nadam, amsgrad; `fit` also takes lm (Levenberg-Marquardt least squares, with standard errors) and trf (trust-region reflective least squares, the method of --bounds). Default: lbfgs; for `fit`, trf with --bounds, else lm when the loss is the default squared error and the batch is the full data, lbfgs otherwise
help-arg-min-lr = Learning rate (first-order methods). Default per method, README's "Method defaults" table: gd, momentum, nesterov min(0.01, 0.3 / the largest partial at the start), rounded down to one digit; adagrad 0.1; rmsprop, adam 0.001; adadelta, gd-armijo 1; adamax, nadam 0.002; amsgrad 0.001. Each run prints the settings it used
help-arg-min-decay = Learning-rate decay: lr_i = lr / (1 + decay*i)
help-arg-min-momentum = Momentum coefficient (momentum, nesterov, rmsprop)
help-arg-min-beta1 = First-moment decay (adam, adamax, nadam, amsgrad)
help-arg-min-beta2 = Second-moment decay (adam, adamax, nadam, amsgrad)
help-arg-min-rho = Adadelta's decay rate
help-arg-min-alpha = RMSprop's decay of squared gradients (PyTorch `alpha`, the book's `beta`)
help-arg-min-eps = The small term in adaptive methods' denominators
help-arg-min-initial_accumulator = Initial value of the accumulators (adagrad, adadelta, rmsprop)
help-arg-min-centered = Centered RMSprop
help-arg-min-memory = L-BFGS memory
help-arg-min-from = Start point, `x=3,y=4` or `3,4` (default: the origin, or (1, ..., 1) where the origin is outside the function's domain)
help-arg-min-iters = Most iterations (at most 100,000,000)
help-arg-min-tol = Stop when max |df/dx_i| falls below this (the book's epsilon) [default: 1e-8]; with --certify, the gap U - L to prove (absolute, or relative to |U|) [default: 1e-6]
help-arg-min-certify = Prove bounds on the global minimum over --box by interval branch and bound
help-arg-min-stall = Stop when the value has not decreased for this many iterations (0: never; the book's runs use 0)
help-arg-min-time = Wall-clock limit in seconds (at most 1e6), for the whole run (all starts of --global); --certify stops at 60 s unless this says otherwise
help-arg-min-trace = Print every N-th iterate
help-arg-min-compare = Run several methods from one start and print one table, e.g. gd,momentum,adam; each may carry its own settings: gd:lr=5e-6,momentum:lr=5e-6:momentum=0.8
help-arg-min-global = Search --box for the global minimum: interval bounds first (certified when they prove the minimum), then space-filling samples, local searches from the best of them, basin hopping between the minima found, in parallel on all cores; reports the best point, every global minimizer found and the distinct minima ("not proven global" without a certificate). --certify gives the certificate alone: proven bounds and the regions that may hold minimizers
help-arg-min-bounds = The box, `-5..5` for every variable or `x=-5..5,y=0..1`: where --global searches and what --certify proves bounds over (both need it)
help-arg-min-starts = Plain multi-start for --global instead of the search: one local search from each of N space-filling points (1 to 100,000)
help-arg-min-evals = Most evaluations of the function for --global (1 to 1,000,000,000; default 200,000)
help-arg-min-seed = Random seed for --global (the same seed gives the same result on any number of cores)
help-arg-plot-output = Output picture: `.svg` (text stays text) or `.png`; `-` writes the SVG to standard output (with `--json`, inline in the JSON) and no file
help-arg-plot-range = Range shown: `-4.5..4.5` for every axis, `x=-4.5..4.5,y=-1..2` by name, or `-4.5..4.5,-1..2` in variable order (default: around the start, the path ends and the minimum; -5..5 when there is none)
help-arg-plot-size = Picture size in pixels, WIDTHxHEIGHT (64 to 8192 per side, at most 50 megapixels)
help-arg-plot-grid = Grid points per axis (default: 200 for a contour map, 60 for a surface, 400 for a curve; at most 4096, or 400 for a surface)
help-arg-plot-levels = Number of contour levels
help-arg-plot-lines = Contour lines on white instead of filled bands
help-arg-plot-linear = Space levels and colours linearly instead of logarithmically
help-arg-plot-quiver = Draw the descent direction (-grad f) as arrows over the contour map
help-arg-plot-surface = Draw the 3-D surface instead of the contour map (two variables)
help-arg-plot-from = Start point of the optimizer paths: `x=3,y=4` by name, or `3,4` in variable order
help-arg-plot-methods = Methods to run from `--from`, comma-separated, each with optional settings: `gd,momentum,adam` or `gd:lr=1e-4,adam:lr=0.01:beta2=0.8` [default: gd]
help-arg-plot-lr = Step size for every method (default: per method, listed below)
help-arg-plot-iters = Iteration limit for every method (at most 100,000,000)
help-arg-plot-stall = Stop a run when its value has not decreased for this many iterations (0: never), as in `nabla min`
help-arg-plot-star = The minimum to mark with a star (default: the best path end, polished with L-BFGS, when it is a local minimum)
help-arg-plot-minima = Find the local minima inside the box (multi-start L-BFGS) and mark each with a star (contour maps)
help-arg-plot-loss = Also write each run's value against its iteration (log scale) to `<stem>-loss.<ext>`
help-arg-plot-log_x = The loss chart's iteration axis on a log scale; iteration 0 (the start) cannot be drawn there and is left out (the note says so)
help-arg-plot-title = Title above the picture (default: the formula, when it is short)
help-arg-plot-at = Hold variables at values and draw the others, by name: `--at z=3` draws the slice of a function of x, y, z at z = 3 (three or more variables)
help-arg-plot-axes = The variables drawn, in order (horizontal, then vertical): `--axes y,x`; every other variable must be held with `--at` [default: those not held, in the formula's order]
help-arg-check-at = A point to check: `x=2,y=3` by name or `2,3` in variable order (repeatable)
help-arg-check-step = Finite-difference step, the same for every variable (default: cbrt(eps)*max(|x_i|,1), about 6e-6 per unit, rounded to a power of two)
help-arg-check-rtol = Relative tolerance
help-arg-check-atol = Absolute tolerance
help-arg-check-random = Also check N random points of the box (with --grad: default 1000; at most 100,000)
help-arg-check-bbox = The box for random points: `-5..5` for every variable, or `x=-5..5,y=0..1`
help-arg-check-seed = Seed of the random points
help-arg-check-sweep = Print the error of forward and central differences for steps 1e-1 .. 1e-13 instead
help-arg-check-precision = Evaluate the finite differences in f32 or f64
help-arg-check-grad = Hand-derived partials to verify: "df/dx; df/dy" in variable order, or x="..." by name (repeatable)
help-arg-fit-data = The CSV file: a header naming the columns, then one row of numbers per sample (`-`: read it from standard input)
help-arg-fit-params = The parameters to learn, comma-separated; the formula's other variables are data columns
help-arg-fit-init = Start values, `w=3,b=1` (parameters not named start at 0)
help-arg-fit-bounds = Bounds on parameters, `b1=0..inf,b2=-1..1` (`inf`, `-inf` for no bound on a side): the fit runs trf (trust-region reflective least squares), which keeps each parameter within its bounds. The start must lie within them
help-arg-fit-target = The column to predict
help-arg-fit-sigma = The column of per-row uncertainties σ: each residual is divided by its row's σ (χ² fitting); the covariance is scaled by the reduced χ² unless --absolute-sigma
help-arg-fit-absolute_sigma = σ are absolute uncertainties: the covariance is (JᵀWJ)⁻¹, not scaled by the reduced χ² (scipy's curve_fit absolute_sigma=True)
help-arg-fit-plot = Write the residual plot (residuals against the first data column, or the row) to this file, SVG or PNG by extension
help-arg-fit-loss = Per-sample loss in `pred` and `target` (default: `(pred - target)^2`, mean squared error)
help-arg-fit-batch = Rows per step: a number (1 is stochastic) or `all`
help-arg-fit-epochs = Passes over the data (at most 10,000,000)
help-arg-fit-seed = Seed of the shuffling, so runs repeat exactly
help-arg-fit-no_shuffle = Keep the rows in file order instead of shuffling each epoch
help-arg-fit-tol = Full-batch line-search methods stop when the largest gradient component is at most this
help-arg-fit-method = { help-arg-min-method }
help-arg-fit-lr = { help-arg-min-lr }
help-arg-fit-decay = { help-arg-min-decay }
help-arg-fit-momentum = { help-arg-min-momentum }
help-arg-fit-beta1 = { help-arg-min-beta1 }
help-arg-fit-beta2 = { help-arg-min-beta2 }
help-arg-fit-rho = { help-arg-min-rho }
help-arg-fit-alpha = { help-arg-min-alpha }
help-arg-fit-eps = { help-arg-min-eps }
help-arg-fit-initial_accumulator = { help-arg-min-initial_accumulator }
help-arg-fit-centered = { help-arg-min-centered }
help-arg-fit-memory = { help-arg-min-memory }
help-arg-trace-at = The point: `x=2,y=3` by name, or `2,3` in variable order
help-arg-trace-forward = Add forward mode's tangents for one direction (`--dir`), to compare the two modes
help-arg-trace-dir = The direction of `--forward`: a variable (default: the first)
help-arg-trace-latex = Print the trace as a LaTeX `aligned` environment
help-arg-trace-digits = Round the printed values to N significant digits (1 to 17; default: every digit)
help-arg-graph-at = Show each node's value and adjoint at this point: `x=2,y=3` by name, or `2,3` in variable order
help-arg-graph-output = Output picture: `.svg` or `.png`
help-arg-graph-dot = Print the graph as Graphviz DOT on standard output instead of drawing it
help-arg-graph-digits = Round the values, adjoints and partials shown to N significant digits (1 to 17; default: every digit)
help-arg-serve-port = Port to listen on (0: any free port, printed on start)
help-arg-serve-host = Address to listen on; anything but a loopback address (e.g. 0.0.0.0 for a classroom) makes the server reachable from other machines, and prints a warning
help-arg-serve-open = Open the page in the system's browser once listening
help-arg-serve-budget = Wall-clock budget of one computation, in seconds; past it the computation is stopped
help-arg-serve-jobs = Computations at once (default: the number of cores)
help-arg-serve-queue = Requests that may wait for a free computation slot; beyond them the answer is 503 with `Retry-After`
help-arg-serve-read_timeout = Seconds a client has to send a request's header, and then its body
help-arg-serve-max_memory = Memory the computations running at once may hold together, in MiB (default: half of the machine's memory); a request that would pass it gets 503 with `Retry-After`
