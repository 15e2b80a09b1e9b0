//! The one integration-test binary (so the two cores link once). Each area is a module under
//! `tests/suite/`.

mod suite;
