//! Fuzz target: the CSV reader of `nabla fit` on arbitrary bytes. Nothing may panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = nabla::Dataset::from_csv_reader("fuzz.csv", data);
});
