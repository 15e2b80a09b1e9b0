//! Integration tests by area.

mod check;
mod cli;
mod engine;
mod fit;
mod grammar;
mod min;
mod ops;
mod pictures;
mod plot;
mod plot_cli;
mod props;
mod seed_table;
