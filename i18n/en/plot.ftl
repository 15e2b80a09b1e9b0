# nabla plot: titles, axes, legends, notes
# English catalog. Every message here exists in ../zh-TW/plot.ftl.ftl with the same variables.


## Words drawn in the pictures (src/plot, src/graph_draw.rs). Titles the user gives are drawn as typed.

# Legend entries of the markers.
plot-legend-minimum = minimum
plot-legend-start = start
plot-legend-end = end
# The local minima found inside the box ($count of them, a number).
plot-legend-local-minima = local minima ({ $count })
# The loss chart: its default title, its axes, and what the title adds when values <= 0 are drawn
# at the log axis' floor ($floor, a number).
plot-loss-title = f by iteration
plot-loss-clamped = {" "}(values ≤ 0 drawn at { $floor })
plot-axis-iteration = iteration
plot-axis-f-log = f (log scale)
# The gradient check's step-size sweep: title, axes, a legend entry ($name: the difference formula,
# $h: the best step, a number), and what the title adds when errors of 0 are drawn at $floor.
plot-sweep-title = gradient check error by step size
plot-sweep-clamped = {" "}(errors of 0 drawn at { $floor })
plot-axis-step-log = step h (log scale)
plot-axis-error-log = error (log scale)
plot-sweep-best = { $name } (best h = { $h })
# The residual chart's default title ($x: the horizontal axis' name) and axis names.
plot-residual-title = residuals by { $x }
plot-residual-row = row
plot-residual-residual = residual
# The colour bar of a contour map on a shifted log scale: the first of two lines (the second is
# `f + 3.95`).
plot-bar-log-scale-of = log scale of
# `nabla graph`'s boxes: a step's value and adjoint ($value, a number).
plot-graph-value = value { $value }
plot-graph-adjoint = adjoint { $value }

## Notes on a picture ($count of $total grid points or values; $limit, $floor: numbers).
plot-note-non-finite = the function is NaN or infinite at { $count } of { $total } grid points; those parts are left blank
plot-note-saturated = { $count } of { $total } grid values are beyond ±{ $limit } and drawn at that limit
plot-note-clamped = { $count } { $count ->
        [one] value <= 0 is
       *[other] values <= 0 are
    } drawn at the log axis floor { $floor }
# Between two notes on one line.
plot-note-separator = {"; "}
plot-note-paths-not-on-surface = the paths are not drawn on the surface; draw the contour map to see them
# The command line's form of the same note, naming its flag.
plot-note-paths-not-on-surface-cli = the paths are not drawn on the surface; leave out --surface to see them on the contour map

## The verdict when nothing was judged (JSON's verdict text).
plot-verdict-star-given = the picture, with the star where it was given
plot-verdict-picture = the picture

## What `nabla plot` prints on standard error.
# One line per run, after its legend label and its step: $iterations (a count), $value (f at the
# end), $point (the end point, `(1, 2)`), $stop (why it stopped).
plot-run-line = { $iterations } iterations, f = { $value } at { $point } ({ $stop })
# The step of a first-order method, before the run line ($lr, a number).
plot-run-lr = lr { $lr }
plot-minima-none = no local minimum found inside the box
# $count local minima found inside the box; $list: the points, `(1, 2), (3, 4)`.
plot-minima-found = { $count } { $count ->
        [one] local minimum
       *[other] local minima
    } inside the box: { $list }
# A picture written: $file (its path) and $kind (plot-kind-*).
plot-wrote = wrote { $file } ({ $kind })
plot-kind-curve = curve
plot-kind-contour-map = contour map
plot-kind-surface = surface
plot-kind-loss-chart = loss chart
# A note, on its own line ($message: plot-note-*).
plot-note-line = note: { $message }
