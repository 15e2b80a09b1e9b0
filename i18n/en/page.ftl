# the page of nabla serve (ids start with page-)
# English catalog. Every message here exists in ../zh-TW/page.ftl with the same variables.
# The page fills the {$name} placeholders itself (GET /api/messages sends them unfilled), so no
# message here uses selectors: where English needs a plural, there are two messages.

## header
page-title = nabla playground: exact gradients, checks and optimizers
page-tagline = exact gradients, checks and optimizers
page-lang-label = language
page-lesson-label = lesson
page-lesson-select-aria = load a lesson from the book
page-lessons-option = Lessons…
page-copy-link = Link
page-copy-link-title = copy a link that reproduces this view
page-copy-cli = CLI command
page-copy-cli-title = copy the equivalent nabla command
page-copied-command = command copied
page-copied-link = link copied
page-copy-command-by-hand = command: select and copy
page-copy-link-by-hand = link: select and copy
page-cli-data-comment = # data.csv: the data in the fit panel

## formula and partials
page-formula-heading = Formula
page-formula-label = formula
page-partials-heading = Partial derivatives
page-hessian-show = Show the Hessian
page-hessian-hide = Hide the Hessian
page-type-formula = type a formula, e.g. x^2 + 3*y^2
page-parsing = parsing…
page-parsed-one = parsed: {$count} variable ({$vars})
page-parsed-other = parsed: {$count} variables ({$vars})
page-none = none
page-differentiating = differentiating twice…

## methods
page-methods-heading = Methods
page-start = start
page-start-aria = start point
page-iterations = iterations
page-stall = stall
page-stall-aria = stop after this many iterations without decrease (0: never)
page-run = Run
page-method-n = method {$n}
page-remove-method = remove {$method}
page-default = default
page-slider-aria = {$method} {$key} slider
page-add-method = + add a method…
page-add-method-aria = add a method
page-hint-lr = learning rate
page-hint-decay = lr_i = lr/(1 + decay i)
page-hint-momentum = momentum coefficient
page-hint-beta1 = first-moment decay
page-hint-beta2 = second-moment decay
page-hint-rho = Adadelta decay
page-hint-alpha = RMSprop decay of squared gradients
page-hint-eps = small term in denominators
page-add-method-first = add a method first
page-click-map-first = click the map (or type a start point) first
page-running-one = running {$count} method…
page-running-other = running {$count} methods…
page-runs-from-one = {$count} run from {$start}
page-runs-from-other = {$count} runs from {$start}

## map, player, legend, chart
page-map-heading = Map
page-box = box
page-box-aria = plot range, e.g. -4.5..4.5
page-box-auto = auto
page-box-auto-range = auto: {$range}
page-zoom-in = zoom in
page-zoom-out = zoom out
page-zoom-reset = reset the box
page-map-aria = contour map or curve of the formula; click to set the start point
page-map-hint = Click the map to set the start point (and check the gradient there). Wheel or +/− to zoom.
page-drawing = drawing…
page-no-picture = the plot answer has no picture (no "svg" in its file entry)
page-play = play
page-pause = pause
page-step = step
page-step-count = step {$step} / {$max}
page-map-legend-aria = legend of the paths on the map: each method's line and settings
page-legend-aria = legend: methods, settings and results
page-legend-method = method and settings
page-legend-iterations = iterations
page-legend-final = final point
page-legend-stop = stop
page-legend-stop-at = {$reason}, iteration {$iteration}
page-chart-heading = Value per iteration
page-chart-aria = value per iteration, log scale
page-chart-iteration = iteration
page-chart-empty = run methods to see their values per iteration
page-nothing-to-show = nothing to show

## words of the answers' enumerated values (the JSON keeps them in English)
page-outcome-agrees = agrees
page-outcome-disagrees = disagrees
page-outcome-kink = kink
page-outcome-not-finite = not finite
page-outcome-unresolved = unresolved
page-outcome-unchecked = unchecked
page-stop-gradient-tolerance = gradient tolerance
page-stop-max-iterations = max iterations
page-stop-stalled = stalled
page-stop-time-limit = time limit
page-stop-diverged = diverged
page-stop-line-search-failed = line search failed
page-stop-simplex-collapsed = simplex collapsed
page-stop-certified = certified
page-kind-local-minimum = local minimum
page-kind-local-maximum = local maximum
page-kind-saddle = saddle
page-kind-degenerate = degenerate
page-kind-not-stationary = not stationary
page-kind-unknown = unknown
page-kind-slope = slope
page-kind-inconclusive = inconclusive

## gradient check
page-check-heading = Gradient check
page-at = at
page-check-at-aria = point to check
page-check-button = Check
page-check-prompt = click the map or type a point to check the gradient there
page-checking = checking…
page-check-agrees = the gradient agrees with central differences in {$precision} ({$agree} of {$total} agree)
page-check-failed = the check did not pass with central differences in {$precision} ({$agree} of {$total} agree)
page-check-agrees-at = the gradient agrees with central differences in {$precision} at {$point}, f = {$value} ({$agree} of {$total} agree)
page-check-failed-at = the check did not pass with central differences in {$precision} at {$point}, f = {$value} ({$agree} of {$total} agree)
page-check-table-aria = exact partials against central differences
page-col-variable = variable
page-col-exact = exact
page-col-central = central difference
page-col-step = step
page-col-abs-error = abs error
page-col-rel-error = rel error
page-col-verdict = verdict
page-sweep-heading = Step sweep
page-sweep-aria = error of finite differences against the step
page-sweep-error = step sweep: {$message}
page-sweep-var = ∂f/∂{$var}, exact {$exact}, {$precision}
page-best-central = best central h = {$h}
page-best-forward = best forward
page-sweep-x = step h (smaller to the right)
page-sweep-y = error: forward (dashed), central
page-sweep-exact = every difference is exact here (error 0)

## hand-derived partials
page-hand-heading = Your partials
page-hand-hint = Type the partial derivatives you derived by hand; nabla compares them with the exact ones at 1000 random points.
page-hand-check = Check my partials
page-hand-placeholder = your ∂f/∂{$var}
page-hand-missing = type a partial for every variable
page-hand-comparing = comparing at 1000 random points…
page-hand-agree = all your partials agree with the exact ones
page-hand-disagree = some partials disagree
page-hand-at-points = at {$n} of {$total} points
page-hand-worst = worst at {$point}: exact {$exact}, yours {$hand}
page-hand-exact = the exact partial is {$formula}
page-diag-opposite-sign = your formula is the exact partial with the opposite sign
page-diag-factor = your formula is {$factor} times the exact partial
page-diag-swapped = your formula is the partial with respect to {$with}, not {$var}: swapped partials
page-diag-offset = your formula is the exact partial plus {$offset}: an offset (a constant term)

## lesson panel
page-lesson-heading = Lesson
page-lesson-hint = Pick a lesson above: the book's experiments, with its printed numbers beside nabla's.

## fitting
page-fit-heading = Fit a model to data
page-fit-hint = Paste CSV (a header naming the columns, then one row of numbers per line) or pick a sample, type the model and its parameters, and press Fit: nabla fits them by least squares (Levenberg-Marquardt by default) and reports each parameter with its standard error.
page-fit-sample-label = sample data
page-fit-sample-aria = load a sample data set
page-fit-samples = Samples…
page-fit-data = data (CSV)
page-fit-model = model
page-fit-params = parameters
page-fit-params-aria = the parameters to learn, comma-separated
page-fit-init-placeholder = w=3,b=1 (default 0)
page-fit-init-aria = start values
page-fit-target = target
page-fit-target-aria = the column to predict
page-fit-sigma = σ column
page-fit-sigma-placeholder = none
page-fit-sigma-aria = the column of per-row uncertainties
page-fit-abs = absolute σ
page-fit-method = method
page-fit-method-default = default (the library's choice)
page-fit-epochs = epochs
page-fit-epochs-aria = passes over the data
page-fit-lr = lr
page-fit-lr-aria = learning rate (first-order methods)
page-fit-batch = batch
page-fit-batch-all = all
page-fit-batch-aria = rows per step, or all
page-fit-button = Fit
page-fit-table-aria = the parameters with their standard errors
page-fit-stats-aria = statistics of the fit
page-fit-corr-heading = Correlation of the parameters
page-fit-residuals-heading = Residuals
page-fit-residuals-aria = residuals of the fit against the first data column
page-fit-waiting-sample = waiting: press Fit to fit the sample
page-fit-waiting-changed = waiting: the inputs changed; press Fit
page-fit-no-data = paste CSV data (a header such as x,y, then one row of numbers per line) or pick a sample
page-fit-no-model = type the model, e.g. w*x + b
page-fit-no-params = name the parameters to learn, e.g. w,b
page-fitting = fitting…
page-fit-stdin-note = (`standard input` is the data box)
page-fit-summary = {$method}: {$rows} rows, {$epochs} epochs, {$iterations} iterations
page-fit-verdict-label = verdict
page-fit-stop-label = stop
page-fit-col-parameter = parameter
page-fit-col-estimate = estimate
page-fit-col-se = standard error
page-fit-reduced-chi2 = reduced χ²
page-fit-dof = degrees of freedom
page-fit-rss-weighted = χ² (weighted residual sum of squares)
page-fit-rss = residual sum of squares
page-fit-sigma-absolute = absolute: covariance not scaled
page-fit-sigma-relative = relative: covariance scaled by the reduced χ²
page-fit-no-uncertainty = this answer has no uncertainty (standard errors come with least-squares fits, the default loss)
page-fit-no-residuals = this answer carries no residuals (see the notes)
page-fit-no-finite-residuals = no finite residuals to draw
page-fit-residual-weighted = (model − target) / σ
page-fit-residual = model − target
page-fit-sample-misra1a = NIST StRD Misra1a: dental adsorption, start 1
page-fit-sample-line = The article’s three points: a line through (−1, −3), (0, 0), (1, 1)
page-fit-ref-nist = NIST certified
page-fit-ref-closed = closed form

## the API's own failures (the server's answers carry their own message)
page-no-answer = the server did not answer ({$error}); is `nabla serve` running?
page-request-failed = request failed
page-not-json = the server sent something that is not JSON
# The server's own refusals, by their kind (in English the page shows the server's message, with its numbers).
page-error-timeout = the computation took longer than the server's time budget and was stopped; ask for fewer iterations, starts or grid points
page-error-busy = the server is busy with other computations; try again in a few seconds
page-error-memory = the computations running now hold the server's memory budget; try again in a few seconds, or ask for a smaller computation
page-error-out-of-memory = the computation needed more memory than a request may use and was stopped; ask for fewer iterations, starts or points, or a smaller grid or picture
page-error-output-too-large = the answer was too large and was dropped; ask for fewer iterations, a smaller grid or a smaller picture

# Issue 30: panels wait for a new formula; points, sliders and the slice of 3+ variables.
page-waiting-formula = waiting for the formula in the box…
page-run-prompt = press Run to run the methods on this formula
# $example: the formula's variables, as x=…,y=…
page-start-placeholder = click the map, or type {$example}
page-at-placeholder = click the map, or type {$example}
# $value: the value the last run used for a setting left at its default.
page-default-value = default ({$value})
page-axis-across = across
page-axis-up = up
page-hold = {$var} held at
page-hold-aria = the value {$var} is held at
page-hold-slider-aria = slider: the value {$var} is held at
page-hold-hint = the map shows the slice of f with this variable held at this value; the runs go through all the variables, and their paths are shown projected on the map's two
