# nabla fit: data, methods, stops, parameters and standard errors
# English catalog. Every message here exists in ../zh-TW/fit.ftl.ftl with the same variables.

## The text report (FitReport): labels, padded to one column by the code.

fit-label-model = model
fit-label-loss = loss
fit-label-method = method
fit-label-data = data
fit-label-epoch = epoch
fit-label-final-loss = final loss
fit-label-fit = fit
fit-label-stop = stop
# $loss is the per-sample loss formula, $target and $sigma column names.
fit-loss-line = mean of { $loss } over the rows, target `{ $target }`
fit-loss-line-sigma = mean of { $loss } over the rows, target `{ $target }`, σ from column `{ $sigma }`
# $rows and $batch are numbers (text); $iterations is a count (steps per epoch).
fit-data-line = { $rows } rows, batch { $batch } ({ $iterations ->
        [one] { $iterations } iteration
       *[other] { $iterations } iterations
    } per epoch)
fit-data-line-shuffled = { $rows } rows, batch { $batch } ({ $iterations ->
        [one] { $iterations } iteration
       *[other] { $iterations } iterations
    } per epoch), shuffled with seed { $seed }
# The header of the column of losses, beside the label `epoch`.
fit-epoch-header = loss
fit-epoch-header-every = loss  (every { $every } epochs and the last)
# After a parameter's value (the code puts two spaces before it).
fit-at-lower = (at its lower bound)
fit-at-upper = (at its upper bound)
# The parts of the `fit` line, joined by fit-list-join.
fit-rss = rss { $value }
fit-chi2 = chi2 { $value }
fit-dof = dof { $dof }
fit-reduced-chi2 = reduced chi2 { $value }
fit-r-squared = R^2 { $value }
fit-sigma-absolute = σ absolute (covariance not scaled)
fit-covariance-scaled = covariance scaled by reduced chi2
# Joins two items of a list: $a is the list so far.
fit-list-join = { $a }, { $b }
# The `stop` line: $outer and $inner are counts (fit-count-*), $stop why training ended.
fit-stop-line = { $outer }, { $inner }: { $stop }
fit-count-iterations = { $n ->
        [one] { $n } iteration
       *[other] { $n } iterations
    }
fit-count-trial-steps = { $n ->
        [one] { $n } trial step
       *[other] { $n } trial steps
    }
fit-count-epochs = { $n ->
        [one] { $n } epoch
       *[other] { $n } epochs
    }
fit-note-line = note: { $note }

## Why training ended (FitStop); numbers are formatted by the code.

fit-stop-epochs = all epochs ran
fit-stop-gradient-tolerance = converged, the gradient is below the tolerance
fit-stop-gradient-tolerance-only = stopped where the gradient is below the tolerance, but a Newton step would still lower the loss (a plateau, or a tolerance too loose for this loss): not converged
fit-stop-line-search-failed = stalled, the line search finds no lower loss at a point where the gradient is not small (scaled gradient above { $gtol }): not converged
fit-stop-line-search-converged = converged, the line search finds no lower loss and the scaled gradient is below { $gtol }
fit-stop-stalled = stalled, the loss decreased by less than { $rel } relative in { $epochs } epochs at a point where the gradient is not small (scaled gradient above { $gtol }): not converged
fit-stop-stalled-converged = converged, the loss decreased by less than { $rel } relative in { $epochs } epochs and the scaled gradient is below { $gtol }
fit-stop-converged = converged, the simplex collapsed
fit-stop-sum-of-squares = converged, the relative reduction of the sum of squares is below { $ftol }
fit-stop-step = converged, the step is below { $xtol } relative to the parameters
fit-stop-sum-of-squares-and-step = converged, the relative reduction of the sum of squares and the step relative to the parameters are below { $ftol }
fit-stop-orthogonal = converged, the residuals are orthogonal to the Jacobian's columns to within { $gtol }
fit-stop-exact = converged, the model fits every row exactly
fit-stop-evaluations = the residuals were evaluated { $count } times per epoch allowed, and no tolerance was met
fit-stop-machine-precision = converged to machine precision, the sum of squares cannot get smaller in double precision
fit-stop-first-order-optimality = converged, the scaled gradient is below { $gtol } (each component small, or pushing against a bound the parameter is at)
# The answer's `stop` when training did not finish.
fit-stop-not-finite-start = the loss is not finite at the start
fit-stop-diverged = diverged

## The answer's verdict evidence (max |gradient| and the other symbols stay as they are).

fit-evidence-gradient-tolerance = max |gradient| = { $largest } <= tol = { $tol } at the learned parameters
fit-evidence-plateau = max |gradient| = { $largest } <= tol = { $tol }, but a Newton step would lower the loss by more than { $decrease } of the start's
fit-evidence-scaled-above = max |gradient| = { $largest }, scaled gradient max_j |g_j| / sqrt(2 H_jj loss) = { $scaled } > { $limit } at the learned parameters
fit-evidence-gradient = max |gradient| = { $largest } at the learned parameters
fit-evidence-scaled-below = max |gradient| = { $largest }, scaled gradient max_j |g_j| / sqrt(2 H_jj loss) = { $scaled } <= { $limit } at the learned parameters

## Notes: what the reader should know about the setup and the standard errors.

fit-note-column-hidden = column `{ $param }` of `{ $data }` is not used: `{ $param }` is a parameter, learned rather than read from the data; rename the column, or leave `{ $param }` out of the parameters to read it
fit-note-not-converged-errors = no convergence test passed, so the standard errors are those at the final parameters of { $method }, which need not be the least-squares solution
# $list: fit-at-bound-lower/-upper items joined by fit-list-join.
fit-note-at-bound = at a bound: { $list }; the covariance ignores the bound, so these standard errors are those of the unbounded least-squares problem at this point (as lmfit reports them), not a symmetric uncertainty of a parameter held at its bound
fit-at-bound-lower = `{ $name }` (lower, { $value })
fit-at-bound-upper = `{ $name }` (upper, { $value })
fit-side-lower = lower
fit-side-upper = upper
# $on: `on` (the start is on the bound) or `near` (within 1e-10 of it); $side: fit-side-*.
fit-note-start-moved = the start of `{ $name }` ({ $value }) is { $on ->
        [on] on
       *[near] within 1e-10 of
    } its { $side } bound { $bound }; trust-region reflective keeps the parameters strictly inside their bounds, so it starts at { $to }
fit-note-partition-batch = each step's batch is one partition of the { $count }, in a random order each epoch (seed { $seed })
fit-note-partition-stall = the scaled gradient test needs the loss's Hessian, which partitions do not gather, so this stop is reported as a stall
fit-note-no-dof = no standard errors: { $rows } rows for { $params } parameters leave no degrees of freedom to estimate the residual variance; fit more rows than parameters
fit-note-zero-column = no standard errors: the model does not depend on parameter { $index } at the solution (its column of the Jacobian is zero), so it is not determined by the data
fit-note-rank-deficient = no standard errors: the Jacobian is rank deficient at the solution (some parameters, or combinations of them, do not change the model), so the covariance does not exist; fix or remove a redundant parameter
fit-note-covariance-overflow = no standard errors: the covariance overflows; the Jacobian is nearly rank deficient at the solution
fit-note-residuals-left-out = the residuals of the { $rows } rows are left out of this answer, which carries them for at most { $max } rows; the residual plot draws them all

## The residual plot.

fit-plot-title = residuals of { $model } by { $x }
fit-plot-title-weighted = weighted residuals of { $model } by { $x }
fit-plot-the-model = the model
fit-plot-y = model - target
fit-plot-y-weighted = (model - target) / σ
# The horizontal axis when the model reads no data column.
fit-plot-row = row

## Errors (FitError): what is wrong, where, and how to fix it.

fit-err-io = cannot read `{ $file }`: { $source }; check the file's path
fit-err-not-utf8 = `{ $file }` line { $line } is not valid UTF-8 text; save the file as UTF-8
fit-err-csv = `{ $file }` line { $line }: { $source }; check that the file is comma-separated text
fit-err-line-too-long = `{ $file }` line { $line } is longer than { $max } bytes; a data file has one row per line, e.g. `1.5,2.25`
fit-err-field-too-long = `{ $file }` line { $line }: field { $field } (`{ $start }`) is longer than { $max } bytes; fields are numbers or column names
fit-err-too-many-columns = `{ $file }` line { $line }: the header has { $found } columns, more than { $max }; keep the columns the formula uses
fit-err-too-many-cells = `{ $file }` line { $line }: more than { $max } numbers in all; fit a sample of the rows, or use fewer columns
fit-err-empty = `{ $file }` is empty; its first line must be a header naming the columns, e.g. `x,y`
fit-err-no-rows = `{ $file }` has a header but no data rows; add one line of numbers per sample below the header
fit-err-unnamed-column = `{ $file }` line { $line }: column { $position } of the header has no name; name every column (or remove a trailing comma)
fit-err-duplicate-column = `{ $file }` line { $line }: the column name `{ $column }` appears twice (columns { $first } and { $second }); rename one of them
# $detail: fit-ragged-missing or fit-ragged-extra.
fit-err-ragged-row = `{ $file }` line { $line } has { $found } fields but the header has { $expected }: { $detail }; give every row one value per column
fit-ragged-missing = column `{ $column }` is missing
fit-ragged-extra = field { $field } has no column
fit-err-column-length = `{ $file }`: column `{ $column }` has { $found } values but the first column has { $expected }; give every column one value per row
# $problem: one of fit-cell-*.
fit-err-not-a-number = `{ $file }` line { $line }, column `{ $column }`: { $problem }
fit-cell-empty = the cell is empty; every cell of a used column needs a number
fit-cell-not-finite = `{ $text }` is not a finite number; write a finite value such as 1.5
fit-cell-not-number = `{ $text }` is not a number; write a decimal number such as 1.5 or -2e-3
fit-err-missing-column = `{ $file }` line { $line }: no column `{ $column }`, which the formula uses as data (the header has { $header }); rename a column to `{ $column }`, or make `{ $column }` a parameter to learn it
fit-err-separator = `{ $file }` line { $line }: no column `{ $column }`; the header `{ $header }` is one column, and the file seems to use `{ $separator }` as separator: nabla reads comma-separated files, so write decimal commas as points (`1,5` -> `1.5`), then every `{ $separator }` as `,`
fit-err-missing-target = `{ $file }` line { $line }: no target column `{ $column }` (the header has { $header }); rename the column to fit to `{ $column }`, or choose another target column
fit-err-missing-sigma = `{ $file }` line { $line }: no column `{ $column }` of uncertainties σ (the header has { $header }); name the column holding each row's σ
fit-err-invalid-sigma = `{ $file }` line { $line }, column `{ $column }`: the uncertainty σ = { $value } is not positive; every σ must be a positive number (the standard deviation of the row's target)
# $role: `param` or `target`.
fit-err-sigma-conflict = the column of uncertainties `{ $name }` is also { $role ->
        [param] a parameter
       *[target] the target
    }; choose the column that holds each row's σ
fit-err-loss-without-sigma = the loss `{ $loss }` does not use `sigma`, the row's uncertainty from column `{ $column }`; write it with `sigma`, e.g. `((pred - target)/sigma)^2`, or drop the uncertainties
fit-err-no-params = no parameters to learn; name the formula's variables to learn, e.g. `w` and `b`
fit-err-duplicate-param = the parameter `{ $name }` is listed twice; list each parameter once
fit-err-unknown-param = the parameter `{ $name }` does not appear in the formula (its variables are: { $vars }); remove it from the parameters or fix its spelling
fit-err-unknown-init = `{ $name }` has a start value but is not a parameter (the parameters are: { $params }); fix the start value's name
fit-err-non-finite-init = the start value of `{ $name }` is not a finite number; give a number such as { $name }=1
fit-err-target-is-param = the target `{ $name }` is also a parameter; choose another target column or rename the parameter
fit-err-loss-without-pred = the loss `{ $loss }` does not use `pred`; write it in terms of the prediction `pred` and the target `target`, e.g. `(pred - target)^2`
fit-err-invalid-batch = invalid batch size `{ $text }`; give a number of rows of at least 1 (1 for stochastic steps) or `all` for the full data
# $problem: fit-epochs-zero or fit-epochs-too-many; $max a number.
fit-err-invalid-epochs = { $problem }; give from 1 to { $max } epochs
fit-epochs-zero = 0 epochs train nothing
fit-epochs-too-many = { $epochs } epochs is more than { $max }
fit-err-invalid-tol = the gradient tolerance { $tol } is not a finite number at least 0; give e.g. 1e-12
fit-err-needs-full-batch = method `{ $method }` takes full-batch steps with a line search; use the full batch (`Batch::All`), or a first-order method such as adam for mini-batches
# $long: fit-method-lm or fit-method-trf.
fit-err-lm-needs-squared-error = method `{ $method }` ({ $long }) fits least squares, the loss `(pred - target)^2`, but the loss is `{ $loss }`; drop the custom loss, or choose another method such as lbfgs for it
fit-method-lm = Levenberg-Marquardt
fit-method-trf = trust-region reflective
fit-err-lm-too-large = method `{ $method }` fits at most { $max } parameters (its work per row grows with their square), and this fit has { $params }; choose lbfgs for this many parameters
fit-err-bounds-need-trf = bounds on the parameters need method `trf` (trust-region reflective), but the method is `{ $method }`; choose trf, leave the method out so the fit chooses it, or drop the bounds
fit-err-unknown-bound = `{ $name }` has bounds but is not a parameter (the parameters are: { $params }); fix the bound's name, or add `{ $name }` to the parameters
fit-err-duplicate-bound = the bounds of `{ $name }` are given twice; give each parameter's bounds once, as lower..upper
# $range: lower..upper; $problem: one of fit-bounds-*.
fit-err-invalid-bounds = the bounds of `{ $name }`, { $range }, { $problem }; give a lower bound below the upper one, e.g. 0..inf (inf for no bound)
fit-bounds-nan = have an end that is not a number
fit-bounds-equal = leave the parameter no room (to hold it fixed, write its value into the formula instead)
fit-bounds-order = are in the wrong order or empty
fit-err-start-outside-bounds = the start value of `{ $name }`, { $value }, is outside its bounds { $range }; give a start value inside them
fit-err-start-outside-bounds-default = the start value of `{ $name }`, { $value } (the default), is outside its bounds { $range }; give a start value inside them
fit-err-not-finite-residual = a residual or its derivative is not finite ({ $value }) at the current parameters; check the model's domain over the data, or start closer to the solution
fit-err-not-partitioned = method `{ $method }` needs the Hessian's sums, which are not gathered from partitions; choose lm (least squares), lbfgs or a first-order method for partitioned data
fit-err-partition = a partition failed: { $message }
# $what: one of fit-what-*; $value: fit-value-nan or fit-value-overflow; $assignments: `w = 1, b = 2`.
fit-err-non-finite-start = the { $what } is { $value } at the start ({ $assignments }) on `{ $file }` line { $line }; choose start values inside the formula's domain
fit-err-diverged = training diverged at epoch { $epoch }, iteration { $iteration }: the { $what } became { $value }; { $advice } (last finite parameters: { $last })
fit-what-loss = loss
fit-what-loss-gradient = gradient of the loss
fit-what-gradient = gradient
fit-what-parameter = parameter
fit-value-nan = NaN (not a number)
fit-value-overflow = { $value } (an overflow)
fit-advice-lr = use a smaller learning rate, e.g. lr = { $lr }
fit-advice-no-lr = method `{ $method }` has no learning rate to lower; start closer to a minimum, or check that the loss is bounded below

## The command line (nabla fit): its own errors, and hints that name the flags.

fit-cli-init-no-name = `{ $part }` in --init has no name; write start values as name=value, e.g. --init w=3,b=1
fit-cli-init-twice = `{ $name }` is given twice in --init; give each start value once
fit-cli-bounds-empty = --bounds `{ $text }` names no parameter; write name=lower..upper, e.g. { $example }
fit-cli-bounds-no-name = `{ $part }` in --bounds has no name; write bounds as name=lower..upper, e.g. { $example }
fit-cli-bounds-not-range = `{ $range }` in --bounds is not a range; write bounds as name=lower..upper, e.g. { $example }
fit-cli-bound-missing = a bound is missing in `{ $part }` in --bounds; write inf or -inf for no bound, e.g. { $example }
fit-cli-bound-not-finite = `{ $end }` in `{ $part }` in --bounds is not a finite number; write inf or -inf for no bound, e.g. { $example }
fit-cli-bound-not-number = cannot read `{ $end }` in `{ $part }` in --bounds as a number; write numbers, constant expressions such as pi/2, or inf and -inf, e.g. { $example }
fit-cli-vars = --vars does not apply to fit; name the parameters with --params and the data by the CSV header
fit-cli-stdin-both = the formula and --data cannot both be read from standard input (`-`); give the formula as an argument or with -f PATH
# The name of standard input in messages and in the answer's `data`.
fit-cli-stdin-name = standard input
fit-cli-progress-epochs = epochs
fit-cli-progress-loss = loss
fit-hint-io = --data takes the path of a CSV file, or - for standard input
fit-hint-missing-column = to learn `{ $column }` instead, add it to --params: --params { $params }
fit-hint-missing-target = choose the column to fit with --target (the default is y)
fit-hint-no-params = name them with --params, e.g. --params w,b
fit-hint-params = the parameters are the names given to --params
fit-hint-init = start values are given with --init
fit-hint-bounds = bounds are given with --bounds, e.g. --bounds b1=0..inf
fit-hint-start-inside = give a start inside the bounds with --init, e.g. --init { $name }={ $value }
fit-hint-bounds-trf = drop --method (the fit then runs trf), or use --method trf
fit-hint-tol = the tolerance is --tol, e.g. --tol 1e-12
fit-hint-sigma = name the column of uncertainties with --sigma
fit-hint-epochs = the number of epochs is --epochs
fit-hint-target-param = choose the target column with --target and the parameters with --params
fit-hint-full-batch = use --batch all, or a first-order method such as --method adam for mini-batches
fit-hint-non-finite-start = give start values with --init, e.g. { $example }
fit-hint-smaller-lr = rerun with a smaller --lr, e.g. --lr { $lr }
fit-hint-no-lr = a smaller --lr does not help { $method }; give start values closer to a minimum with --init (e.g. { $example }), or check the formula and --loss
