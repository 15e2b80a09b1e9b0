//! Usage errors of issue 11, each the exact command a user typed and the exact message: settings
//! that do not apply to the chosen method (exit 2, naming the method and what it takes), empty
//! method lists, and points whose messages must say how to fix them with the right flag. The
//! expected messages are the specification written here, not copies of nabla's output.

use super::cli::{nabla, stderr, stdout};

/// Runs `args` and expects a usage error (exit 2) whose stderr is exactly `message` (one line,
/// one error) and nothing on stdout.
fn usage_error(args: &[&str], message: &str) {
    let o = nabla(args);
    assert_eq!(o.status.code(), Some(2), "{args:?}: {}", stderr(&o));
    assert_eq!(stderr(&o), format!("{message}\n"), "{args:?}");
    assert_eq!(stdout(&o), "", "{args:?}");
}

const LR_METHODS: &str =
    "gd, momentum, nesterov, adagrad, adadelta, rmsprop, adam, adamax, nadam, amsgrad, gd-armijo";
const ALL_METHODS: &str = "gd, momentum, nesterov, adagrad, adadelta, rmsprop, adam, adamax, nadam, amsgrad, gd-armijo, lbfgs, newton, nelder-mead";

#[test]
fn a_flag_the_method_does_not_read_is_an_error() {
    usage_error(
        &["min", "x^2", "--method", "gd", "--momentum", "0.9"],
        "error: --momentum does not apply to --method gd: gd takes lr, decay; drop --momentum, or choose a method that takes it (momentum, nesterov, rmsprop)",
    );
    usage_error(
        &["min", "x^2", "--method", "lbfgs", "--lr", "0.1"],
        &format!("error: --lr does not apply to --method lbfgs: lbfgs takes memory, c1, c2; drop --lr, or choose a method that takes it ({LR_METHODS})"),
    );
    // The default method is lbfgs: a learning rate without a method is not silently dropped.
    usage_error(
        &["min", "x^2", "--lr", "0.1"],
        &format!("error: --lr does not apply to --method lbfgs: lbfgs takes memory, c1, c2; drop --lr, or choose a method that takes it ({LR_METHODS})"),
    );
    usage_error(
        &["min", "x^2", "--method", "nelder-mead", "--centered"],
        "error: --centered does not apply to --method nelder-mead: nelder-mead takes no settings; drop --centered, or choose a method that takes it (rmsprop)",
    );
    usage_error(
        &["min", "x^2", "--method", "adam", "--init-acc", "1"],
        "error: --init-acc does not apply to --method adam: adam takes lr, decay, beta1, beta2, eps; drop --init-acc, or choose a method that takes it (adagrad, adadelta, rmsprop)",
    );
    // fit shares the flags and the rule.
    usage_error(
        &["fit", "w*x", "--data", "none.csv", "--params", "w", "--method", "gd", "--beta2", "0.8"],
        "error: --beta2 does not apply to --method gd: gd takes lr, decay; drop --beta2, or choose a method that takes it (adam, adamax, nadam, amsgrad)",
    );
}

#[test]
fn a_setting_in_a_list_must_apply_to_its_method() {
    usage_error(
        &["min", "x^2", "--compare", "gd:beta1=0.9"],
        "error: the setting `beta1=0.9` does not apply to gd: gd takes lr, decay and iters; drop it, or give it to a method that takes it (adam, adamax, nadam, amsgrad)",
    );
    usage_error(
        &["min", "x^2", "--method", "nelder-mead:eps=1"],
        "error: the setting `eps=1` does not apply to nelder-mead: nelder-mead takes only iters; drop it, or give it to a method that takes it (adagrad, adadelta, rmsprop, adam, adamax, nadam, amsgrad)",
    );
    // A setting after a comma continues the method before it, and is checked against it.
    usage_error(
        &["min", "x^2", "--compare", "adam:lr=0.01,momentum=0.5"],
        "error: the setting `momentum=0.5` does not apply to adam: adam takes lr, decay, beta1, beta2, eps and iters; drop it, or give it to a method that takes it (momentum, nesterov, rmsprop)",
    );
    usage_error(
        &["plot", "x^2", "--from", "1", "--methods", "lbfgs:lr=0.1", "-o", "never.svg"],
        &format!("error: the setting `lr=0.1` does not apply to lbfgs: lbfgs takes memory, c1, c2 and iters; drop it, or give it to a method that takes it ({LR_METHODS})"),
    );
}

#[test]
fn a_flag_with_compare_must_apply_to_some_method() {
    usage_error(
        &["min", "x^2", "--compare", "gd,lbfgs", "--beta1", "0.9"],
        "error: --beta1 does not apply to any method of --compare (gd, lbfgs); drop it, or add a method that takes it (adam, adamax, nadam, amsgrad)",
    );
    // Applying to one method of the list is enough: the others keep their defaults.
    let o = nabla(&[
        "min",
        "x^2",
        "--from",
        "1",
        "--compare",
        "gd,adam",
        "--beta1",
        "0.5",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    // Settings a method reads are accepted in lists, including the ones without a flag.
    let o = nabla(&[
        "min",
        "x^2",
        "--from",
        "1",
        "--method",
        "lbfgs:c1=1e-3:c2=0.5",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
}

#[test]
fn an_empty_method_list_is_an_error_not_gd() {
    usage_error(
        &["min", "x^2", "--method", ""],
        &format!("error: --method '' names no method; use one or more of {ALL_METHODS}, e.g. --method adam"),
    );
    usage_error(
        &["min", "x^2", "--compare", ""],
        &format!("error: --compare '' names no method; use one or more of {ALL_METHODS}, e.g. --compare gd,adam,lbfgs"),
    );
}

#[test]
fn an_empty_coordinate_is_one_clear_error() {
    usage_error(
        &["eval", "x + y", "--at", "x=,y=2"],
        "error: a number is missing in `x=,y=2`; give numbers such as --at x=1,y=1",
    );
}

#[test]
fn a_coordinate_that_is_not_a_number_gets_a_point_example() {
    usage_error(
        &["eval", "x + y", "--at", "x=abc"],
        "error: `abc` in `x=abc` is not a number; give numbers such as --at x=1,y=1 (or constant expressions such as pi/2)",
    );
    // A box still gets a box example.
    usage_error(
        &["check", "x + y", "--random", "5", "--box", "-1..abc"],
        "error: `abc` in `-1..abc` is not a number; give numbers such as --box x=-2..2,y=-2..2 (or constant expressions such as pi/2)",
    );
}

#[test]
fn a_start_point_message_suggests_from() {
    usage_error(
        &["min", "x^2 + y^2", "--from", "x=5"],
        "error: the point `x=5` leaves out y; give every variable, e.g. --from x=1,y=1",
    );
    usage_error(
        &["min", "x^2 + y^2", "--start", "x=5,y=1"],
        "error: nabla min has no option --start; to start from a point write --from x=5,y=1 (--starts N sets the number of --global starts)",
    );
}

#[test]
fn checking_a_constant_says_there_is_no_gradient() {
    usage_error(
        &["check", "5"],
        "error: the formula has no variables, so it has no gradient to check; give a formula with variables, e.g. nabla check \"x^2 + 3*x\" --at x=1",
    );
}

#[test]
fn a_point_by_position_is_echoed_with_names() {
    // Variables are ordered by first appearance: w, then b. (-3 + 3 - 1)^2 = 1.
    let o = nabla(&["eval", "(-3 + w - b)^2", "--at", "3,1"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(stdout(&o), "1\n");
    assert_eq!(stderr(&o), "at (w, b) = (3, 1)\n");
    // By name, or one variable: nothing to make clear.
    for args in [
        &["eval", "(-3 + w - b)^2", "--at", "b=1,w=3"][..],
        &["eval", "x^2", "--at", "3"][..],
    ] {
        let o = nabla(args);
        assert_eq!(stderr(&o), "", "{args:?}");
    }
    // JSON carries the names already.
    let o = nabla(&["eval", "(-3 + w - b)^2", "--at", "3,1", "--json"]);
    assert_eq!(stderr(&o), "");
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("json");
    assert_eq!(v["vars"], serde_json::json!(["w", "b"]));
    assert_eq!(v["point"], serde_json::json!([3.0, 1.0]));
}
