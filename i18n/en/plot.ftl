# nabla plot: titles, axes, legends, notes
# English catalog. Every message here exists in ../zh-TW/plot.ftl.ftl with the same variables.


## Words drawn in the pictures (src/plot, src/graph_draw.rs). Titles the user gives are drawn as typed.

# Legend entries of the markers.
plot-legend-minimum = minimum
plot-legend-start = start
plot-legend-end = end
# The local minima found inside the box ($count of them, a number).
plot-legend-local-minima = local minima ({ $count })
# The loss chart: its default title and its axes (the iteration axis linear or log).
plot-loss-title = f by iteration
plot-axis-iteration = iteration
plot-axis-iteration-log = iteration (log scale)
plot-axis-f-log = f (log scale)
# What a chart's title adds when $count values <= 0 are left out of its log axis.
plot-chart-left-out = {" "}({ $count } { $count ->
        [one] value
       *[other] values
    } ≤ 0 not drawn)
# The gradient check's step-size sweep: title, axes, a legend entry ($name: the difference formula,
# $h: the best step, a number).
plot-sweep-title = gradient check error by step size
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
# A chart of given values (loss, sweep): $count values that are NaN or infinite.
plot-note-chart-non-finite = { $count } NaN or infinite { $count ->
        [one] value is
       *[other] values are
    } left out; the line breaks there
# $count values <= 0 on a log axis.
plot-note-non-positive = { $count } { $count ->
        [one] value <= 0 cannot be drawn on a log axis and is
       *[other] values <= 0 cannot be drawn on a log axis and are
    } left out; the line breaks there
# A log iteration axis: $count points at iteration 0 (one per run).
plot-note-iteration-zero = iteration 0 (the start) cannot be drawn on a log iteration axis: { $count ->
        [one] its point is
       *[other] { $count } points are
    } left out, and each line begins at the next recorded iteration
# Between two notes on one line.
plot-note-separator = {"; "}

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

## Errors of the plotting module (library: no flags named).
# $extension: the file's extension, lower-cased (may be empty); $path: the file.
plot-err-extension = unsupported picture format `.{ $extension }` for `{ $path }`: name the output file with a .svg or .png extension
# $reason: the system's error.
plot-err-write = cannot write `{ $path }`: { $reason } (check that the folder exists and is writable)
# $axis: `x ` (the axis' name and a space) or nothing; $lo, $hi: numbers.
plot-err-empty-range = empty { $axis }range { $lo }..{ $hi }: give finite ends with the lower one first, e.g. -2..2
plot-err-range-too-wide = the { $axis }range { $lo }..{ $hi } is too wide: its width overflows a double; give a range at most about 1e308 wide, e.g. -1e300..1e300
plot-err-range-too-narrow = the { $axis }range { $lo }..{ $hi } is too narrow for numbers of its size: make it at least 1e-12 times its larger end wide
plot-err-size = picture size { $width }x{ $height } is out of range: use 64 to 8192 pixels per side and at most 50 megapixels in all, e.g. 900x600
plot-err-grid = grid of { $nx }x{ $ny } points is out of range: use at least 2 and at most { $max } points per axis, e.g. 200x200
# $name: the path's legend label.
plot-err-path-dimension = path `{ $name }` has a point with { $found } coordinates but this picture needs { $expected }: plot a function of { $expected } variable(s)
# $message: the plotting library's own message.
plot-err-backend = plotting backend failed: { $message } (try the other output format or a smaller size)

## A plot request that does not fit the function (library: no flags named).
plot-req-no-variables = the formula has no variables, so there is nothing to plot; give a formula of one or two variables, e.g. "x^2 + y^2"
# $count variables, $names: their names, `x, y, z`.
plot-req-too-many-variables = a plot draws functions of one or two variables, but this formula has { $count } ({ $names }); replace the others by numbers
plot-req-curve-needs-one = a curve needs a function of one variable; draw a contour map or a surface of a function of two
plot-req-surface-needs-two = a surface needs a function of two variables; draw the curve of a function of one
plot-req-map-needs-two = a contour map needs a function of two variables; draw the curve of a function of one
plot-req-quiver-needs-map = descent arrows are drawn on a contour map; give a function of two variables and draw its contour map
plot-req-minima-need-map = the local minima are marked on a contour map; give a function of two variables and draw its contour map
# $n: the grid asked; $max: the limit; $kind: surface or other; $example: a grid that works.
plot-req-grid = a grid of { $n } points per axis is out of range; use 2 to { $max } points per axis for { $kind ->
        [surface] a surface
       *[other] a curve or a contour map
    }, e.g. { $example }
plot-req-levels = { $n } contour levels is out of range; use 2 to { $max } levels, e.g. 30
# $axis: the variable; $reason: the range's error (plot-err-*).
plot-req-range = the range of { $axis }: { $reason }
# $what: range, star or start; $found: how many given; $count variables named $names.
plot-req-length = the { $what ->
        [range] range
        [star] star
       *[start] start
    } has { $found } { $what ->
        [range] { $found ->
            [one] range
           *[other] ranges
        }
       *[other] { $found ->
            [one] value
           *[other] values
        }
    } but the formula has { $count } { $count ->
        [one] variable
       *[other] variables
    } ({ $names }); give one per variable
# $what: star or start; $value: the coordinate (inf, NaN).
plot-req-not-finite-point = the { $what ->
        [star] star
       *[start] start
    } has the coordinate { $value }; give finite numbers
# $what: runs or loss (the loss chart).
plot-req-needs-start = { $what ->
        [runs] the runs
       *[loss] the loss chart
    } need a start point; give one, or leave out the methods and the loss chart
plot-req-minima-with-star = the local minima and a given star cannot both be marked; leave out one of them
plot-req-iterations = { $n } iterations is too many; use at most { $max } iterations per run
# $sentence: what is not finite at the start, and where.
plot-req-start-not-finite = { $sentence }; start the paths inside the function's domain

## `nabla plot`'s own errors, naming its flags (after `error: `).
# $text: the size typed.
plot-cli-size = cannot use the size `{ $text }`; write WIDTHxHEIGHT in pixels, each 64 to 8192 and at most 50 megapixels in all, e.g. --size 900x600
plot-cli-too-many-variables = `nabla plot` draws functions of one or two variables, but this formula has { $count } ({ $names }); hold the others with --at (e.g. --at z=0), or replace them by numbers
# $item: an item of --at without a name.
plot-cli-at-by-name = --at names each variable it holds: `{ $item }` has no name; write e.g. --at z=3
plot-cli-at-unknown = --at: the formula has no variable `{ $name }`; its variables are: { $known }
plot-cli-axes-unknown = --axes: the formula has no variable `{ $name }`; its variables are: { $known }
plot-cli-axes-held = --axes: `{ $name }` is both drawn and held; leave it out of --at or of --axes
plot-cli-axes-count = --axes names one or two variables to draw, not { $count }; e.g. --axes x,y
plot-cli-axes-free = `{ $name }` is neither drawn nor held; add it to --axes, or hold it with --at { $name }=0
plot-cli-surface-needs-two = --surface needs a function of two variables; leave it out to draw the curve
plot-cli-quiver-needs-two = --quiver needs a function of two variables; leave it out to draw the curve
plot-cli-minima-need-map = --minima marks the minima on a contour map; give a function of two variables and leave out --surface
plot-cli-grid = --grid { $n } is out of range; use 2 to { $max } points per axis for { $kind ->
        [surface] a surface
       *[other] a curve or a contour map
    }, e.g. --grid { $example }
plot-cli-levels = --levels { $n } is out of range; use 2 to { $max } levels, e.g. --levels 30
# $message: the library's sentence about the start.
plot-cli-from = { $message } (--from)
# $axis: the variable; $message: what is wrong with its range.
plot-cli-box = --box { $axis }: { $message }
plot-cli-loss-in-memory = --loss writes a second picture to a file, so it needs a file name; give -o NAME.svg, or leave out --loss with -o -

## `nabla graph`'s drawing (library): $nodes steps, more than $max.
plot-err-graph-too-many-nodes = the expression graph has { $nodes } nodes, more than the { $max } a drawing can show readably; draw a smaller formula, or export the graph as Graphviz DOT

# Progress bars of long renders (standard error, on a terminal only).
progress-grid = evaluating the grid
progress-contours = cutting the contour levels
progress-runs = running the optimizers
