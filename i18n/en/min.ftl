# nabla min: methods, stop reasons, classifications, global search, certificates
# English catalog. Every message here exists in ../zh-TW/min.ftl.ftl with the same variables.


## The report of one run (label column: pad to 12 columns with nabla::i18n::pad)

min-label-method = method
min-label-stop = stop
min-label-x = x
min-label-fx = f(x)
min-label-grad = max |grad|
min-label-iterations = iterations
min-label-evaluations = evaluations
min-label-time = time
min-label-point = point
# $f, $grad, $hessian: counts of evaluations.
min-report-evaluations = { $f } f, { $grad } grad, { $hessian } hessian
min-minimizing = minimizing from { $names } = { $point } with { $method }
min-trace-iteration = iteration

## Stop reasons

min-stop-gradient = gradient below tolerance
min-stop-certified = certified by interval bounds (a kink: no gradient there to iterate from)
min-stop-max-iterations = iteration limit reached
min-stop-stalled = stalled: the value stopped decreasing
min-stop-time = time limit reached
min-stop-diverged = diverged at step { $iter }: the value became non-finite or exploded; the step size is probably too large (showing the last finite point)
min-stop-line-search = line search failed at step { $iter }: no trial step along the search direction lowered the value
min-stop-simplex = simplex collapsed (nelder-mead converged)

## Kinds of points and how they were established

min-kind-local-minimum = local minimum
min-kind-local-maximum = local maximum
min-kind-saddle = saddle point
min-kind-degenerate = degenerate stationary point (the Hessian is singular here: the second-derivative test cannot tell whether it is an extremum)
min-kind-not-stationary = not a stationary point (the gradient is not small)
min-kind-unknown = stationary point (no Hessian available to classify it)
min-kind-slope = not a minimum: the gradient is small, but the values keep falling along the descent direction (a flat slope, e.g. toward an infimum that is not attained)
min-kind-inconclusive = stationary to rounding; the second-order test is inconclusive (the Hessian is ill-conditioned, and a Newton restart from here went lower beyond the sampled neighbourhood)
min-class-not-stationary = not a stationary point (max |g_i| = { $gradient }): the run ended before the gradient became small
min-class-minimum-sampling = local minimum (Hessian singular or changing fast here; confirmed by sampling a neighbourhood)
min-class-minimum-kink = local minimum at a kink (f grows in every sampled direction: one-sided directional derivatives)
min-class-saddle-sampling = saddle point (Hessian singular or changing fast here; sampling found lower values nearby)
min-class-inconclusive-restart = stationary to rounding; the second-order test is inconclusive: the Hessian's condition number is { $condition }, and a Newton restart from here reached f = { $value } at a distance { $distance } (relative to max(|x_i|, 1)), beyond the sampled neighbourhood: not confirmed as a minimum; continue from the restart's point, or with Newton's method
min-point-eigenvalues = { $class } (Hessian eigenvalues { $eigenvalues })
min-point-unbounded = unbounded below: { $how }; f fell from { $from } to { $to } at { $names } = { $point }
min-not-classified-dim = not classified: { $count } { $count ->
        [one] variable
       *[other] variables
    } is too many for a dense Hessian
min-not-classified-diverged = not classified: the run diverged
min-unbounded-descent = the values fall without bound along the descent direction
min-unbounded-edge = the values fall without bound as the point approaches the edge of the domain

## Verdicts and their evidence

min-verdict-unbounded = no minimum: the function is unbounded below ({ $how })
min-evidence-unbounded = f fell from { $from } to { $to } at { $point }
min-verdict-diverged = { $stop }; try a smaller learning rate
min-verdict-no-minimum = no minimum found: { $what }
min-verdict-inconclusive = no minimum confirmed: the point is stationary to rounding, but double precision cannot decide whether it is a minimum (exit 3)
min-what-saddle = the point is a saddle point
min-what-maximum = the point is a local maximum
min-what-degenerate = the point is a degenerate stationary point (the second-derivative test cannot tell whether it is an extremum)
min-evidence-gradient = gradient: max |df/dx_i| = { $gradient }
min-evidence-second-order = second order: Hessian eigenvalues { $eigenvalues }
min-evidence-sampling = sampling a neighbourhood of the point
min-evidence-kink = kink: one-sided directional derivatives all non-negative
min-evidence-restart = restart: a Newton restart from the point went lower
min-unstable-step = diverges: with lr { $lr } { $method } is unstable at this minimum (lr times the largest curvature { $curvature } is { $product } > { $limit }); it only stayed because it started exactly on the minimum. The step size is too large: use lr < { $bound }
min-compared = { $count } { $count ->
        [one] run
       *[other] runs
    } compared
min-nothing-to-minimize = the formula has no variables; there is nothing to minimize

## The short line of `nabla plot`

min-short-minimum = minimum found at { $point }
min-short-unbounded = no minimum: the function is unbounded below ({ $how }; f = { $value } at { $point })
min-short-no-minimum = no minimum found: the best end point { $point } is a { $kind }
min-short-kind-maximum = local maximum
min-short-kind-saddle = saddle point
min-short-kind-degenerate = degenerate stationary point
min-short-kind-not-stationary = point where the gradient is not small
min-short-kind-slope = point on a flat slope (the values keep falling)
min-short-kind-inconclusive = point stationary to rounding whose kind double precision cannot decide
min-short-kind-other = point that is not a local minimum

## --compare

min-compare-from = from { $names } = { $point }, at most { $iters } iterations
min-col-method = method
min-col-x = x
min-col-fx = f(x)
min-col-grad = max |grad|
min-col-iters = iters
min-col-stop = stop
min-col-settings = settings
min-compare-diverged-at = diverged at { $iter }
min-compare-stop-minimum = { $stop } (minimum)
min-compare-stop-kind = { $stop } ({ $kind })
min-short-converged = converged
min-short-iteration-limit = iteration limit
min-short-stalled = stalled
min-short-time-limit = time limit
min-short-diverged = diverged
min-short-line-search = line search failed
min-short-simplex = simplex collapsed
min-short-stopped = stopped
min-compare-kind-local-maximum = local maximum
min-compare-kind-saddle = saddle
min-compare-kind-degenerate = degenerate
min-compare-kind-not-stationary = not stationary
min-compare-kind-unknown = unknown
min-compare-kind-slope = slope
min-compare-kind-inconclusive = inconclusive

## --global

min-strategy-search = search
min-strategy-multi-start = multi-start ({ $starts } starts)
min-ends-minimum = { $count } ended at a local minimum
min-ends-elsewhere = { $count } ended elsewhere
min-ends-merged = { $count } stopped early in the basin of a minimum already found
min-ends-failed = { $count } failed
min-ends-skipped = { $count } not run (the time limit or the evaluation budget was spent)
min-list-separator = { ", " }
min-global-interval = , { $count } of them in interval arithmetic
min-global-summary = { $strategy } with { $method } in { $bounds }: { $searches } { $searches ->
        [one] local search
       *[other] local searches
    }, { $evaluations } { $evaluations ->
        [one] evaluation
       *[other] evaluations
    } ({ $gradient } with a gradient{ $interval }); { $ends }
min-global-best = { $headline }: f{ $names } = { $value } at { $point }
min-distinct-at-kink = distinct minima found: 0 (the certified point is at a kink or in a flat valley, where no local search settles; its value is certified all the same)
min-distinct = distinct minima found: { $count }
min-edge = , on the box's edge
min-minimum-line = { $point }  f = { $value }  ({ $kind }{ $edge }, found { $hits } { $hits ->
        [one] time
       *[other] times
    })
min-best-of = best of { $count } { $count ->
        [one] minimum
       *[other] minima
    } found
min-headline-unbounded = no minimum (f is unbounded below or undefined in the box); lowest point found
min-headline-certified = global minimum over the box, certified within { $gap }: f* in [{ $lower }, { $upper }]
min-headline-best-point = best point
min-headline-bounded = { $what } (not proven global: interval bounds give f* >= { $lower })
min-lowest-not-minimum = lowest point found (not a local minimum)
min-not-proven-infinite = not proven global: interval bounds give no finite lower bound
min-not-proven = not proven global
min-headline-why = { $what } ({ $why })
min-headline-lowest-why = lowest point found (not a local minimum; { $why })
min-global-verdict-unbounded = no minimum: interval bounds show the function unbounded below (or undefined) in the box
min-global-verdict-certified = global minimum over the box, certified: f* in [{ $lower }, { $upper }]
min-evidence-branch-and-bound = interval branch and bound
min-global-verdict-not-minimum = no minimum found: the lowest point found is not a local minimum (raise the evaluation budget, or certify the box to see whether f is bounded below in it)
min-evidence-lower-bound = interval bounds give f* >= { $lower }
min-global-verdict-best = { $what } (not proven global)
min-global-error-start = the function or its gradient is not finite at any start in the box { $bounds }; choose a box inside the function's domain
min-budget-time-limit = time limit
min-budget-evaluations = evaluation budget
min-no-minimum-budget = the { $which } ran out before any search reached a local minimum ({ $evaluations } evaluations for { $starts } starts, about { $each } each); raise it, or ask for fewer starts
min-no-minimum-few = no search reached a local minimum with about { $each } { $each ->
        [one] evaluation
       *[other] evaluations
    } each ({ $starts } starts); raise the evaluation budget, or ask for fewer starts
min-no-minimum-none = no run ended at a local minimum
min-global-stop-certified = stopped: interval bounds certify the global minimum over the box (gap { $gap })
min-global-stop-unseen = stopped: estimated number of unseen minima < 0.5 after { $searches } local searches ({ $minima } minima seen, { $estimate } estimated)
min-global-stop-no-improvement = stopped: no lower point in the last { $searches } local searches
min-global-stop-unbounded = stopped: interval bounds show f unbounded below (or undefined) near { $bounds }
min-global-stop-budget = stopped: the evaluation budget was spent
min-global-stop-time = stopped: the time limit passed
min-global-stop-all-starts = stopped: every start was run
min-minimizers-all = all of them: the certificate's regions hold no other
min-minimizers-found = those found; not proven to be all
min-minimizers = global minimizers: { $count } (every point within { $tol } of the lowest value; { $how })
min-on-edge = (on the box's edge)
min-bounds-count = { $intervals } { $intervals ->
        [one] interval
       *[other] intervals
    } for { $variables } { $variables ->
        [one] variable
       *[other] variables
    }: give one interval per variable
min-bounds-empty = interval ({ $low }, { $high }) is empty or not finite: give finite bounds (low, high) with low <= high

## --certify

min-certify-verdict-certified = certified: the global minimum over the box is in [{ $lower }, { $upper }]
min-certify-evidence-unbounded = interval bounds give -inf on a box too small to split: { $bounds }
min-certify-stop-certified = certified: the gap U - L is within the tolerance
min-certify-failure-unbounded = no certificate: the function is unbounded below (or undefined) in the box
min-certify-failure-no-point = no certificate: no point of the box with a finite, defined value was found
min-certify-failure-range = not certified: f's values leave the range of floating point in the box (the global minimum is at most { $upper }, and may be below -{ $max })
# $which: one of min-certify-budget-* (the budget that ran out).
min-certify-failure-budget = not certified: the { $which } budget ran out with a gap of { $gap }
min-certify-budget-splits = splits
min-certify-budget-boxes = boxes
min-certify-budget-time = time
min-certify-budget-evaluations = evaluations
min-certify-budget-resolution = resolution
min-certify-budget-range = range
min-certify-regions-many = minimizers lie in { $all } regions ({ $boxes } boxes), { $listed } of { $all } listed (the best point's first):
min-certify-regions = minimizers lie in:
min-certify-note-best = the best point
min-certify-fill = the minimizers may fill it: { $boxes } { $boxes ->
        [one] box
       *[other] boxes
    }, none ruled out
min-certify-fill-unrefined = the minimizers may fill it: { $boxes } { $boxes ->
        [one] box
       *[other] boxes
    }, none ruled out before the localization budget ran out
min-certify-coarse = coarse: { $boxes } { $boxes ->
        [one] box
       *[other] boxes
    } not split further, the localization budget ran out
min-certify-note-separator = { "; " }
min-certify-notes = ({ $notes })
min-certify-more = { "..." } { $count } more regions not listed
min-certify-note-no-region = note: the best point lies in no region: f is strictly monotone there, so it is within the tolerance of the minimum but no minimizer
min-certify-range = not certified: f's values leave the range of floating point (beyond -{ $max }) in the box, so interval bounds give no finite lower bound; the global minimum over the box is at most { $upper }
min-certify-budget = not certified (the { $which } budget ran out): the global minimum over the box lies in [{ $lower }, { $upper }], a gap of { $gap }
min-certify-no-point = no certificate: no point of the box with a finite value was found (the lower bound is { $lower })
min-certify-unbounded = no certificate: f is unbounded below (or undefined) near { $bounds }
min-certify-best = best point ({ $point }) with f <= { $upper }
min-certify-note-undefined = note: f is undefined on part of the box; the bounds are over the points where it is defined
min-certify-explored = { $boxes } { $boxes ->
        [one] box
       *[other] boxes
    } explored ({ $interval } { $interval ->
        [one] interval evaluation
       *[other] interval evaluations
    }, { $point } { $point ->
        [one] point evaluation
       *[other] point evaluations
    } polishing U) in { $seconds } s
min-certify-error-partial = certification needs the gradient in every variable; compile the problem with all of them
min-certify-error-nowhere = the formula is undefined everywhere in the box; choose a box inside its domain
min-certify-error-tolerance = the tolerance must be a positive number, e.g. 1e-6

## Errors of the optimizers (OptimError)

min-err-unknown-method = unknown method `{ $name }`: use one of { $valid }
min-err-dimension = the start point has { $got } { $got ->
        [one] coordinate
       *[other] coordinates
    } but the function has { $expected } { $expected ->
        [one] variable
       *[other] variables
    }: give one value per variable
min-err-non-finite-start = the function or its gradient is not finite at the start point (value { $value }): choose a start point inside the function's domain
min-err-hessian = method `newton` needs the exact Hessian, which this function does not provide: use `lbfgs` instead
# $expected: one of min-expected-*.
min-err-hyper = invalid { $name } = { $value }: expected { $expected }
min-expected-positive = a finite number greater than 0
min-expected-non-negative = a finite number at least 0
min-expected-unit = a number in [0, 1)
min-expected-c2 = a number in (c1, 1)
min-expected-memory = between 1 and 1000 correction pairs
min-expected-open-unit = a number in (0, 1)
min-err-unused-setting = method `{ $method }` does not use `{ $setting }`: { $method } takes { $takes }; drop the setting, or choose a method that uses it ({ $methods })
min-no-settings = no settings
min-err-needs-residuals = method `{ $method }` ({ $long }) minimizes a sum of squared residuals, so it needs a model and data to fit, not a function to minimize: fit a model with it, or minimize with `lbfgs`
min-err-no-starts = no starts requested: ask for at least one start
min-err-all-diverged = all { $runs } runs diverged: use a smaller step size or a line-search method such as `lbfgs`
# $which: min-budget-time-limit or min-budget-evaluations.
min-err-budget-spent = the { $which } ran out before any run produced a point ({ $runs } { $runs ->
        [one] run
       *[other] runs
    } started, { $evaluations } { $evaluations ->
        [one] evaluation
       *[other] evaluations
    }); raise the { $which } or ask for fewer starts
min-err-invalid-bounds = invalid search box: { $reason }

## Errors of the command line (nabla min, method lists)

min-cli-tol = --tol must be a non-negative number, e.g. 1e-8
min-cli-start = nabla min has no option --start; to start from a point write --from { $point } (--starts N sets the number of --global starts)
min-cli-global-box = --global needs a box of start points, e.g. --box -5..5
min-cli-certify-box = --certify needs the box to search, e.g. --box -5..5
min-method-one = --method takes one method; use --compare to run several
min-method-flag-not-apply = { $flag } does not apply to --method { $method }: { $takes }; drop { $flag }, or choose a method that takes it ({ $methods })
min-method-takes = { $method } takes { $settings }
min-method-takes-none = { $method } takes no settings
min-method-takes-list = { $method } takes { $settings } and iters
min-method-takes-only-iters = { $method } takes only iters
min-method-flag-not-any = { $flag } does not apply to any method of --compare ({ $names }); drop it, or add a method that takes it ({ $methods })
min-method-setting-first = the setting `{ $item }` comes before any method; write it after one, e.g. --methods adam:{ $item }
min-method-names-none = { $option } '{ $lists }' names no method; use one or more of { $valid }, e.g. { $option } { $example }
min-setting-not-kv = `{ $kv }` in the settings of `{ $name }` is not key=value; write e.g. { $name }:lr=0.01
min-setting-number = the setting `{ $kv }` of `{ $name }` needs a finite number, e.g. { $key }=0.01
min-setting-count = the setting `{ $kv }` of `{ $name }` needs a whole number, e.g. { $key }=1000
min-setting-too-large = the setting `{ $kv }` of `{ $name }` is too large; use at most { $max } iterations
min-setting-unknown = unknown setting `{ $key }` for `{ $name }`; use lr, decay, momentum, beta1, beta2, rho, alpha, eps, initial_accumulator, momentum_decay, memory, c1, c2, centered or iters
min-setting-not-apply = the setting `{ $kv }` does not apply to { $name }: { $takes }; drop it, or give it to a method that takes it ({ $methods })
min-setting-flag = the setting `{ $kv }` of `{ $name }` needs true or false
