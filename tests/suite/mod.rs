//! Integration tests by area. Areas that run the `nabla` binary need the features it requires
//! (`cli`, `plot`, `fit`); the plot pictures need `plot`; the rest test the engine alone.

#[cfg(all(feature = "plot", feature = "fit"))]
mod answers;
#[cfg(all(feature = "plot", feature = "fit"))]
mod certify;
#[cfg(all(feature = "plot", feature = "fit"))]
mod check;
#[cfg(all(feature = "plot", feature = "fit"))]
mod cli;
#[cfg(all(feature = "plot", feature = "fit"))]
mod digits;
mod engine;
#[cfg(all(feature = "plot", feature = "fit"))]
mod fit;
#[cfg(all(feature = "plot", feature = "fit"))]
mod fit_bounds;
#[cfg(all(feature = "plot", feature = "fit"))]
mod fit_lm;
mod fit_partitions;
#[cfg(all(feature = "plot", feature = "fit"))]
mod fit_sigma;
#[cfg(all(feature = "plot", feature = "fit"))]
mod fuzz;
mod global;
mod grammar;
#[cfg(all(feature = "plot", feature = "fit"))]
mod graph_routing;
#[cfg(all(feature = "plot", feature = "fit"))]
mod hostile;
#[cfg(all(feature = "plot", feature = "fit"))]
mod hostile2;
#[cfg(feature = "jit")]
mod jit;
#[cfg(all(feature = "plot", feature = "fit"))]
mod katex;
mod landscapes;
mod mathml;
#[cfg(all(feature = "plot", feature = "fit"))]
mod min;
#[cfg(all(feature = "plot", feature = "fit"))]
mod newcomer;
mod ops;
#[cfg(all(feature = "plot", feature = "fit"))]
mod page_cli;
#[cfg(feature = "plot")]
mod page_palette;
#[cfg(feature = "plot")]
mod pictures;
#[cfg(feature = "plot")]
mod plot;
mod plot_book;
#[cfg(all(feature = "plot", feature = "fit"))]
mod plot_cli;
#[cfg(all(feature = "plot", feature = "fit"))]
mod plot_faithful;
#[cfg(all(feature = "plot", feature = "fit"))]
mod plot_hostile;
#[cfg(all(feature = "plot", feature = "fit"))]
mod plot_slides;
mod props;
#[cfg(all(feature = "plot", feature = "fit"))]
mod readme;
mod real_enclosures;
#[cfg(all(feature = "plot", feature = "fit"))]
mod render_progress;
mod seed_table;
#[cfg(all(feature = "plot", feature = "fit", feature = "serve"))]
mod serve;
#[cfg(feature = "fit")]
mod strd;
mod theorems;
#[cfg(all(feature = "plot", feature = "fit"))]
mod trace;
#[cfg(all(feature = "plot", feature = "fit"))]
mod usage;
#[cfg(all(feature = "plot", feature = "fit"))]
mod verdicts;
#[cfg(all(feature = "plot", feature = "fit"))]
mod zh_tw_check;
#[cfg(all(feature = "plot", feature = "fit"))]
mod zh_tw_errors;
#[cfg(all(feature = "plot", feature = "fit"))]
mod zh_tw_fit;
#[cfg(all(feature = "plot", feature = "fit"))]
mod zh_tw_min;
#[cfg(feature = "plot")]
mod zh_tw_plot;
