# nabla check: central differences, the step sweep, hand-derived partials
# English catalog. Every message here exists in ../zh-TW/check.ftl with the same variables.

## The central-difference report (nabla check --at, --random)

# The first line: the method and its settings. $step is check-step-auto or `h = 1e-8`.
check-method = central differences in { $precision }, { $step }; rtol { $rtol }, atol { $atol }
check-step-auto = h = cbrt(eps)*max(|x_i|,1), a power of two
check-at = at { $point }
check-worst-of = worst of { $count ->
        [one] { $count } point
       *[other] { $count } points
    }: { $point }
# The table's header.
check-col-variable = variable
check-col-exact = exact
check-col-central = central difference
check-col-step = step
check-col-abs-error = abs error
check-col-rel-error = rel error
check-col-verdict = verdict
# A row's verdict.
check-verdict-agrees = agrees
check-verdict-disagrees = DISAGREES
check-verdict-kink = kink
check-verdict-not-finite = not finite
check-verdict-unresolved = unresolved
# Why a row was not compared.
check-reason-row = { $var }: { $reason }
check-kink-row = { $var }: { $reason }; a finite difference cannot check it there
check-unresolved-reason = at step { $step } the finite difference cannot resolve this partial (its error bound { $bound } exceeds it); use the default step
check-point-not-finite = the point has a coordinate that is not finite
check-f-not-finite = f is { $what } here
check-exact-not-finite = the exact partial is { $what }
check-value-not-finite = { $value } is { $what }
check-overflow = the finite difference overflows
check-nan = not a number (outside a function's domain, or 0/0)
check-pos-inf = +infinity
check-neg-inf = -infinity
# Why a partial sits at a kink; $node is the node (`abs(x)`, check-node-*).
check-kink-near = { $node } is within two steps of { $what }
check-kink-unit = { $node } is within two steps of ±1, where its derivative is infinite
check-kink-pole = { $node } is within two steps of a pole
check-kink-tie = { $node } has its two arguments tied within two steps
check-kink-branch-cut = { $node } is within two steps of its branch cut (y = 0, x <= 0)
check-kink-origin = { $node } is within two steps of its kink at (0, 0)
check-kink-values = f's slope jumps within two steps (a kink or a jump in the values of f from x-2h to x+2h)
check-node-division = a division
check-node-power = a power
check-node-other = a node
# What a non-smooth function has at its critical value (check-kink-near's $what).
check-what-singular = 0, where it is singular
check-what-infinite-derivative = 0, where its derivative is infinite
check-what-kink = its kink at 0
check-what-jump = its jump at 0
check-what-denominator = 0 in a denominator (a pole)
check-what-negative-power = 0 in a negative power (a pole)
check-what-fractional-power = 0, where a non-integer power is not differentiable
check-what-logarithm = 0 in a logarithm (a pole)
# The counts line: "2 partials at 1 point: 2 agree, 1 disagree".
check-counts = { $partials ->
        [one] { $partials } partial
       *[other] { $partials } partials
    } at { $points ->
        [one] { $points } point
       *[other] { $points } points
    }: { $parts }
check-list-sep = {", "}
check-count-agree = { $count } agree
check-count-disagree = { $count } disagree
check-count-kink = { $count } at kinks or singular points (not checked)
check-count-not-finite = { $count } not finite (not checked)
check-count-unresolved = { $count } unresolved at this step (not checked)
check-disagreeing-at = disagreeing at { $points } ...
check-points-sep = {"; "}
check-note-resolution = note: some partials are small next to what the finite difference can resolve at this step (truncation and round-off)
check-note-resolution-compared = ; those compared agree only within that resolution
check-note-resolution-step = ; the default step rule (`Step::Auto`) is usually best
check-f32-line1 = in f32 each value of f carries a rounding error of about 6e-8*|f|; dividing by 2h magnifies it to about 6e-8*|f|/h
check-f32-line2 = (1e-2*|f| at h = 6e-6). Even at the best f32 step, cbrt(1.2e-7) = 5e-3, the error is ~1e-5: check gradients in f64.
# The conclusion (the report's last line and the verdict's sentence).
check-agrees = the gradient agrees with central differences
check-disagrees = the gradient DISAGREES with central differences
check-partly-agrees = the partials compared agree with central differences ({ $compared } of { $partials }; the others were not checked)
check-not-checked = the gradient was NOT CHECKED: nothing could be compared ({ $reason }); { $advice }
check-reason-kink = every partial sits at a kink or singular point
check-advice-kink = try a point away from kinks
check-reason-not-finite = a value needed by every partial is not finite
check-advice-not-finite = try a point inside the formula's domain
check-reason-unresolved = at this step the finite difference resolves no partial
check-advice-unresolved = use the default step
check-reason-mixed = every partial sits at a kink, a non-finite value or a step that cannot resolve it
check-advice-mixed = try a point inside the formula's domain, away from kinks, with the default step

## The step sweep (nabla check --sweep)

check-sweep-title = df/d{ $var } at { $point }: exact { $exact }, differences in { $precision }
check-sweep-col-step = step
check-sweep-col-forward = forward error
check-sweep-col-central = central error
check-sweep-best-forward = best forward
check-sweep-best-central = best central
check-sweep-mark = <- { $marks }
check-sweep-explain1 = Large steps: truncation error (forward ~ h*|f''|/2, central ~ h^2*|f'''|/6) falls as h shrinks;
check-sweep-explain2 = small steps: round-off ~ eps*|f|/h rises (eps = { $eps } in { $precision }), so the best step is near sqrt(eps) = { $sqrt } forward, cbrt(eps) = { $cbrt } central.
check-sweep-sentence = the error of forward and central differences at each step
check-sweep-against-given = against the gradient given, differences in { $precision }
check-sweep-against-exact = against the exact partials (reverse mode), differences in { $precision }
check-sweep-undefined = f is not defined at { $point } (its value there is not a number: outside a function's domain, or 0/0), so no difference can be taken; pick a point inside the formula's domain
check-sweep-nothing = no error can be measured at any step at { $point } (f beside it, or its exact partial, is not a finite number); pick a point inside the formula's domain

## Hand-derived partials (nabla check --grad)

check-hand-title = hand-derived partials against the exact gradient at { $count ->
        [one] { $count } point
       *[other] { $count } points
    } (rtol { $rtol }, atol { $atol })
check-hand-agrees = agrees
check-hand-disagrees = DISAGREES at { $disagreeing } of { $compared ->
        [one] { $compared } point
       *[other] { $compared } points
    }
check-hand-unchecked = unchecked: the exact partial is not finite at any point; give points inside its domain
check-hand-largest = largest difference at { $point }: exact { $exact }, yours { $yours }, abs error { $abs }, rel error { $rel }
check-hand-worst = worst point at { $point }: exact { $exact }, yours { $yours }, abs error { $abs }, rel error { $rel }
check-hand-not-finite = not finite
check-hand-skipped = { $count ->
        [one] { $count } point
       *[other] { $count } points
    } skipped: the exact partial is not finite there
check-hand-no-diagnosis = no simple relation (opposite sign, constant factor, swapped partials, constant offset) explains it
check-hand-exact-is = the exact partial is { $formula }
check-hand-order = your partials agree in the order ({ $order }); nabla's order is ({ $given }): write them in nabla's order, or pair each with its variable's name
check-hand-all-agree = every hand-derived partial agrees
check-hand-check = check { $partials }
check-hand-entry = entry { $index } of { $source }
# The diagnoses of a disagreement.
check-diag-sign = your partial is the exact partial with the opposite sign
check-diag-factor-much = your partial is { $factor } times the exact partial (a factor of { $extra } too much)
check-diag-factor-missing = your partial is { $factor } times the exact partial (a factor of { $extra } missing)
check-diag-swapped = your partial matches df/d{ $with } instead: the partials look swapped
check-diag-plus = your partial is the exact partial plus { $offset }: off by a constant
check-diag-minus = your partial is the exact partial minus { $offset }: off by a constant
# The verdict of a hand check; $partials is `df/dx, df/dy`.
check-hand-disagree-sentence = the hand-derived { $partials } { $count ->
        [one] disagrees with the exact partial
       *[other] disagree with the exact partials
    }
check-hand-nothing = { $partials } could not be compared: the exact partial is not finite at any point; give points inside its domain
check-hand-evidence = the exact partials (reverse mode) against yours at { $count ->
        [one] { $count } point
       *[other] { $count } points
    } (rtol { $rtol }, atol { $atol })

## The command line

check-random-line = random points: { $count } in { $range } (seed { $seed })
check-hint-default-step = leave out --step to use the default step
check-hint-no-points = give a point with --at { $example } or random points with --random 100
check-hand-parse-where = = in the --grad formula for df/d{ $var } (the caret points into it)
check-no-variables = the formula has no variables, so it has no gradient to check; give a formula with variables, e.g. nabla check "x^2 + 3*x" --at x=1
check-sweep-one-point = --sweep needs exactly one point; give it with --at x=1
check-grad-unknown = --grad names `{ $name }`, which is not a variable of the function; its variables are: { $names }
check-grad-mixed = --grad mixes named (x=...) and unnamed formulas; name all of them or none
check-grad-count = --grad gives { $found ->
        [one] { $found } formula
       *[other] { $found } formulas
    } but the function has { $expected ->
        [one] { $expected } variable
       *[other] { $expected } variables
    } ({ $names }); give one per variable separated by `;`, or name them: --grad { $first }="..."

## Errors (CheckError)

check-err-dimension = the point has { $found } coordinates but the function has { $expected } variables; give one value per variable
check-err-no-points = no point to check; give at least one point, or random points from `SampleBox::sample`
check-err-bad-step = the step { $step } is not a positive finite number; give a step such as 1e-6
check-err-bad-tolerance = the tolerance `{ $name }` = { $value } must be a finite number >= 0
check-err-bad-box = the box for `{ $var }` is { $lo }..{ $hi }; give finite bounds with the lower one first
check-err-box-variable = variable { $index }
check-err-hand-parse = cannot read your formula for df/d{ $var }:
check-err-unknown-partial = `{ $var }` is not a variable of the function; its variables are: { $known }
check-err-duplicate-partial = two formulas are given for df/d{ $var }; give one per variable
check-err-hand-unknown-variable = your formula for df/d{ $var } uses `{ $name }`, which is not a variable of the function ({ $known }); use only the function's variables
check-err-single-precision = this function is evaluated in double precision only; check it in f64
check-err-hand-values = { $found } values of df/d{ $var } are given for { $expected } points; give one value per point
check-err-hand-both = the hand-derived gradient is given both as formulas and as a function; give one of them
check-err-hand-count = { $found } hand-derived formulas are given but the function has { $expected } variables ({ $names }); give one per variable in this order, or name each with its variable
check-err-box-dimension = the box has { $found } intervals but the function has { $expected } variables; give one interval per variable
check-err-too-many-points = { $n } random points are more than one check draws; give at most { $max }
check-err-precision = unknown precision `{ $name }`; use f32 or f64
