//! Fuzz target: the parser on arbitrary bytes (as UTF-8, lossily). Nothing may panic; a formula
//! that parses must differentiate, compile, evaluate and print (or refuse to print) cleanly.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    if let Ok(f) = nabla::Formula::parse(&text) {
        let _ = f.to_infix();
        if let Ok(mut p) = nabla::Function::new(f) {
            let x = vec![0.5; p.dim()];
            let mut g = vec![0.0; p.dim()];
            let _ = p.value_and_grad(&x, &mut g);
        }
    }
});
