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
