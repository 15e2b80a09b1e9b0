# errors and hints of the engine, the library and the command line
# English catalog. Every message here exists in ../zh-TW/errors.ftl.ftl with the same variables.

# The first line of every error; $message is the error itself.
error-line = error: { $message }
hint-line = hint: { $message }

parse-empty = the formula is empty; type an expression such as `x^2 + 1`
parse-unclosed = this `(` is never closed; add a `)`
parse-unknown-function = unknown function `{ $name }`; see `grammar/formula.ebnf` for the list of functions
parse-unknown-function-suggest = unknown function `{ $name }` (did you mean `{ $suggestion }`?)
# $expected is how many arguments the function takes, in words (parse-args-*); $found a count.
parse-arity = `{ $name }` takes { $expected }, but { $found } { $found ->
        [one] was
       *[other] were
    } given
warning-line = warning: { $message }
note-line = note: { $message }

## The formula parser (ParseErrorKind)

parse-equation = `=` makes an equation, but nabla evaluates and minimizes expressions: write the expression alone, the squared residual of both sides (`(lhs - rhs)^2`) to solve it by minimizing, or a definition such as `f(x, y) = ...`
# $expected is one of parse-expect-*; $found is parse-found-char or parse-found-end.
parse-expected = expected { $expected }, found { $found }
parse-expect-operator = an operator such as `+`, `*` or `^`
parse-expect-operand = a number, a variable, a function call or `(`
parse-expect-parameter-name = a parameter name
parse-expect-lambda-parameter-end = `,` or `:` after a lambda parameter
parse-expect-parameter-end = `,` or `)`
parse-expect-close-or-operator = `)` or an operator
parse-expect-argument-end = `,`, `)` or an operator
parse-found-char = `{ $char }`
parse-found-end = end of input
parse-unmatched = unmatched `)`; remove it or add a `(` before it
parse-unknown-prefix = unknown prefix `{ $prefix }.`; write the function without it (`sin(x)`) or with `np.`, `numpy.`, `math.` or `torch.`
# How many arguments a function takes ($expected of parse-arity).
parse-args-one = 1 argument
parse-args-two = 2 arguments
parse-args-one-or-two = 1 or 2 arguments
parse-function-without-call = `{ $name }` is a function; call it with parentheses, as in `{ $name }(x)`
parse-not-a-function = `{ $name }` is not a function; write `{ $name }*(...)` to multiply
parse-reserved = `{ $name }` is reserved (a constant or function); choose another variable name
parse-undeclared = `{ $name }` is not a parameter of the definition; add it to the parameter list ({ $params })
parse-duplicate-parameter = parameter `{ $name }` is listed twice; remove one
parse-number-too-large = number `{ $text }` is too large for a 64-bit float (the largest is about 1.8e308)
parse-too-deep = the formula nests parentheses and calls deeper than { $limit } levels; simplify it
# The note after a formula typed with full-width forms: $fullwidth the forms, $ascii what they
# were read as, both separated by spaces.
parse-full-width-note = read full-width { $fullwidth } as { $ascii }

## The engine's errors (Error, EvalError, JitError)

error-unknown-variable = unknown variable `{ $name }`; the formula's variables are: { $known }
error-missing-variable = variable `{ $name }` is missing from the variable list; add it (the formula uses: { $known })
error-constant-as-variable = `{ $name }` was parsed as a constant in this formula, so it cannot become a variable afterwards; parse the formula with its variable list (`Formula::parse_with_vars`, `--vars` on the command line)
error-duplicate-variable = variable `{ $name }` is listed twice; list each variable once
error-dimension = the point has { $found } { $found ->
        [one] coordinate
       *[other] coordinates
    } but the formula has { $expected } { $expected ->
        [one] variable
       *[other] variables
    } ({ $known }); give one value per variable
error-too-large-to-print = the expression is too large to print (about { $chars } characters, the limit is { $limit }); evaluate it instead
error-hessian-too-large = the Hessian of { $dim } variables is too large to derive (the limit is { $max }); use a first-order method such as L-BFGS
error-native-unavailable = native code is unavailable: { $reason }; use the interpreter (`Backend::Auto` or `Backend::Interpreter`)
eval-error-foreign-workspace = the workspace belongs to another compiled program; make one with this program's `workspace()`
eval-error-inputs = the program reads { $expected } inputs but { $found } were given; pass one value per input
eval-error-outputs = the program writes { $expected } outputs but the output slice holds { $found }; size it to the outputs
jit-unsupported = native code is not supported on this machine: { $reason }
jit-codegen = native code generation failed: { $reason }
jit-not-built = nabla was built without the feature `jit`

## The command line: reading the formula, points and boxes

cli-cannot-write-output = cannot write the output: { $error }
cli-cannot-write-output-full = cannot write the output: { $error }; free some space or write elsewhere
cli-cannot-write-json = cannot write JSON: { $error }
# $what is cli-what-file or cli-what-stdin.
cli-what-file = formula file `{ $path }`
cli-what-stdin = standard input
cli-cannot-read = cannot read { $what }: { $error }
cli-too-long = { $what } is longer than { $mib } MiB; a formula must be at most that long
cli-not-utf8 = { $what } is not UTF-8 text (invalid byte at offset { $offset })
cli-cannot-read-file = cannot read formula file `{ $path }`: { $error }
cli-no-formula = no formula given; pass it as an argument, with `-f PATH`, or `-` for standard input
cli-point-count = the point `{ $text }` has { $values } { $values ->
        [one] value
       *[other] values
    } but the formula has { $vars } { $vars ->
        [one] variable
       *[other] variables
    } ({ $names }); give one per variable or use names: { $example }
cli-point-unnamed = `{ $part }` in `{ $text }` has no name; write every coordinate as name=value, e.g. { $example }
cli-point-unknown = unknown variable `{ $name }` in `{ $text }`; the formula's variables are: { $names }
cli-point-twice = `{ $name }` is given twice in `{ $text }`
cli-point-missing = the point `{ $text }` leaves out { $missing }; give every variable, e.g. { $example }
cli-box-empty = the box `{ $text }` is empty; give a range such as { $example }
cli-box-count = the box `{ $text }` has { $ranges } { $ranges ->
        [one] range
       *[other] ranges
    } but the formula has { $vars } ({ $names }); give one range for all, one per variable, or name them: { $example }
cli-box-unnamed = `{ $part }` in the box `{ $text }` has no name; name every range, e.g. { $example }
cli-box-unknown = unknown variable `{ $name }` in the box `{ $text }`; the formula's variables are: { $names }
cli-box-twice = `{ $name }` is given twice in the box `{ $text }`
cli-box-missing = the box `{ $text }` leaves out { $missing }; give a range for every variable, e.g. { $example }
cli-range-not-range = `{ $range }` in the box `{ $text }` is not a range; write ranges as lo..hi, e.g. { $example }
cli-range-empty = the range `{ $range }` in the box `{ $text }` is empty; put the lower end first, e.g. -2..2
cli-number-missing = a number is missing in `{ $text }`; give numbers such as { $example }
# Followed by the parse error of the number, on the next lines.
cli-number-unreadable = cannot read the number `{ $number }` in `{ $text }`:
cli-number-not-number = `{ $number }` in `{ $text }` is not a number; give numbers such as { $example } (or constant expressions such as pi/2)
cli-number-not-finite = `{ $number }` in `{ $text }` is not a finite number; give numbers such as { $example }
cli-not-whole-number = `{ $text }` is not a whole number; give a whole number from { $min } to { $max }
cli-not-seconds = `{ $text }` is not a number of seconds; give e.g. 2.5
cli-schema-unknown = no command `{ $name }` has a JSON answer; name one of: { $commands }

## Warnings about a formula that parsed, but perhaps not as meant (FormulaWarning)

warn-product-like-name = `{ $name }` is read as one variable named `{ $name }`; if you meant the product, write `{ $product }`
# $what is warn-constant-e or warn-constant-pi; $spelled how to write the constant without the warning.
warn-constant-as-variable = `{ $name }` is read as { $what }, not as a variable; if you meant a variable, name it in the variable list ({ $vars }); to keep the constant and silence this, write `{ $spelled }`
warn-constant-e = Euler's number (2.71828...)
warn-constant-pi = the number π (3.14159...)

# nabla::limits: counts and times a user types.
limits-whole-number = give a whole number from { $min } to { $max }
limits-out-of-range = `{ $value }` is out of range; { $range }
limits-time = the time limit must be more than 0 and at most { $max } seconds
