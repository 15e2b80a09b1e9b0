# The book's figures: several formulas on one chart, panels side by side, the surface's view and
# the step sweep as a picture.

## Picture errors (the plotting library)
plot-err-view = surface view elevation { $elevation }, azimuth { $azimuth } is out of range: the elevation must be { $elo } to { $ehi } degrees and the azimuth { $alo } to { $ahi } degrees
plot-err-panels = { $count } panels asked; one picture holds 1 to { $max } panels (run fewer methods, or draw them together on one picture)
plot-err-curves = { $count } formulas given; one chart holds 1 to { $max } (draw the others on another picture)

## Request errors (the library's words; no option names)
plot-req-panels-need-runs = panels show one run each: give a start and the methods to run
plot-req-view-needs-surface = a view angle is for the 3-D surface: draw the surface to use it
plot-req-formulas-mixed = the formulas use different variables ({ $list }): several formulas are drawn over one variable, so write them all in the same one
plot-req-formulas-two-d = several formulas are drawn as curves of one variable, and formula { $index } has { $count } ({ $names }): draw it on its own for its contour map
plot-req-derivative-two-d = the derivative is drawn beside a function of one variable, and this one has { $count } ({ $names }): its partial derivatives can be printed as formulas, and its gradient drawn as arrows on the contour map
plot-req-formulas-option = several formulas are drawn as curves on one chart, without runs, a surface, arrows, minima or panels: draw one formula for those

## The command line's words
plot-cli-view = --view needs ELEVATION,AZIMUTH in degrees, e.g. --view 50,-50 (elevation 0 to 90, azimuth -360 to 360); found `{ $text }`
plot-cli-view-needs-surface = --view sets the angle of the 3-D surface: add --surface
plot-cli-panels-need-runs = --panels draws one panel per method: add --from POINT and --methods LIST, e.g. --from 5 --methods gd:lr=0.1,gd:lr=0.9
plot-cli-derivative-two-d = --with derivative draws the derivative of a function of one variable, and this one has { $count } ({ $names }): `nabla diff` prints its partial derivatives, and `nabla plot ... --quiver` draws its gradient as arrows on the contour map
plot-cli-formulas-option = { $flag } draws one formula: leave it out with several formulas (separated by `;`) or --with derivative
plot-kind-curves = curves
check-sweep-output-needs-sweep = -o draws the step sweep as a picture: add --sweep
check-wrote-sweep = wrote { $file } (step sweep)
# The step sweep's curves in the picture ($var: the variable).
check-sweep-series-forward = forward difference, df/d{ $var }
check-sweep-series-central = central difference, df/d{ $var }
# The picture's title ($point: the point, e.g. (x, y) = (2, 3)).
check-sweep-chart-title = gradient check error by step size at { $point }
# --help of the flags added for the book's figures (the same text as the command line's doc comments).
help-arg-plot-with = Also draw the formula's derivative on the same chart (one variable; computed symbolically, as `nabla diff` prints it). Several formulas: separate them with `;` (at most 8 curves on one chart)
help-arg-plot-panels = One panel per method, side by side in one picture (at most 12: up to 3 in a row, more on a grid of at most 4 columns), each titled with the method's settings; --size is each panel's
help-arg-plot-view = Where --surface is seen from: ELEVATION,AZIMUTH in degrees (elevation 0 to 90, azimuth -360 to 360; default about 25.8,45.8)
help-arg-check-output = With --sweep, also draw the sweep as a picture (`.svg` or `.png`): each difference's error against the step on log-log axes, the best step of each marked
