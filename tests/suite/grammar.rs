//! Every line of `grammar/examples.txt` parses and evaluates to the value written beside it.

use nabla::Formula;

#[test]
fn examples_evaluate_to_their_stated_values() {
    let text = include_str!("../../grammar/examples.txt");
    let mut count = 0;
    for (lineno, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let parts: Vec<&str> = line.split('|').map(str::trim).collect();
        assert_eq!(parts.len(), 3, "line {}: {line}", lineno + 1);
        let f = Formula::parse(parts[0]).unwrap_or_else(|e| panic!("line {}:\n{e}", lineno + 1));
        let names = f.var_names();
        let mut x = vec![f64::NAN; names.len()];
        for pair in parts[1].split(',').map(str::trim).filter(|p| !p.is_empty()) {
            let (n, v) = pair.split_once('=').expect("name=value");
            let k = names
                .iter()
                .position(|m| *m == n.trim())
                .unwrap_or_else(|| panic!("line {}: no variable {n}", lineno + 1));
            x[k] = v.trim().parse().expect("number");
        }
        let mut values = vec![f64::NAN; f.graph().var_names().len()];
        for (k, v) in f.vars().iter().enumerate() {
            values[v.index()] = x[k];
        }
        let got = f.graph().eval(f.root(), &values);
        let expected: f64 = parts[2].parse().expect("expected value");
        assert!(
            (got - expected).abs() <= 1e-12 * expected.abs().max(1.0),
            "line {}: {} = {got}, expected {expected}",
            lineno + 1,
            parts[0]
        );
        count += 1;
    }
    assert!(count >= 50, "only {count} examples");
}
