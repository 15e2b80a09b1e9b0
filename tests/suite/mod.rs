//! Integration tests by area.

mod check;
mod cli;
mod engine;
mod fit;
mod grammar;
mod min;
mod plot;
mod plot_cli;
mod props;
mod seed_table;
