//! Integration tests by area.

mod check;
mod cli;
mod engine;
mod grammar;
mod props;
