//! Long renders: the library's progress reports (increasing counts that end at each stage's
//! total, through the `nabla::progress` sink), the command line's silence when standard error is
//! not a terminal, and the contour grid cut on several threads giving the same picture as on one.

use std::sync::{Arc, Mutex};

use nabla::answer::{PlotPicture, PlotRequest, PlotScene, PlotTarget};
use nabla::progress::{scope, Progress, Stage};

use super::cli::{nabla_command, stderr};
use super::pictures::out_dir;

const BEALE: &str = "(1.5 - x + x*y)^2 + (2.25 - x + x*y^2)^2 + (2.625 - x + x*y^3)^2";

#[derive(Default)]
struct Log(Mutex<Vec<(Stage, u64, u64)>>);

impl Progress for Log {
    fn report(&self, stage: Stage, done: u64, total: u64) {
        self.0.lock().unwrap().push((stage, done, total));
    }
}

#[test]
fn a_plot_reports_increasing_counts_ending_at_each_total() {
    let mut f = nabla::Function::parse(BEALE).unwrap();
    // 1,100 × 1,100 = 1,210,000 points: past the size evaluated block by block.
    let req = PlotRequest {
        size: (300, 200),
        grid: Some(1100),
        start: Some(vec![1.0, 1.0]),
        iters: 20_000,
        ..PlotRequest::default()
    };
    let log = Arc::new(Log::default());
    scope(log.clone(), || {
        let scene = PlotScene::compute(&mut f, &req).unwrap();
        scene
            .draw(&f, PlotPicture::Main, &PlotTarget::InMemory)
            .unwrap();
    });
    let reports = log.0.lock().unwrap().clone();
    // One gd run of 20,000 iterations; 1,210,000 grid points; the contour levels.
    for (stage, total) in [
        (Stage::Runs, Some(20_000)),
        (Stage::Grid, Some(1_210_000)),
        (Stage::Contours, None),
    ] {
        let seen: Vec<(u64, u64)> = reports
            .iter()
            .filter(|r| r.0 == stage)
            .map(|r| (r.1, r.2))
            .collect();
        assert!(seen.len() >= 2, "{stage:?}: {seen:?}");
        assert!(
            seen.windows(2).all(|w| w[0].0 < w[1].0),
            "{stage:?}: {seen:?}"
        );
        assert!(seen.iter().all(|&(_, t)| t == seen[0].1));
        let (last, t) = seen[seen.len() - 1];
        assert_eq!(last, t, "{stage:?} ends at its total");
        if let Some(want) = total {
            assert_eq!(t, want, "{stage:?}");
        }
    }
    // Nothing is reported once the scope is over.
    let counter = nabla::progress::Counter::new(Stage::Grid, 5);
    counter.add(5);
    assert_eq!(log.0.lock().unwrap().len(), reports.len());
}

#[test]
fn without_a_terminal_nothing_is_drawn_on_stderr() {
    let dir = out_dir("progress", "silent");
    let out = dir.join("big.png");
    // Long enough that a bar would show (grid and runs past a second on a slow machine).
    let o = nabla_command()
        .args([
            "plot",
            BEALE,
            "--grid",
            "2048",
            "--from",
            "3,4",
            "--methods",
            "gd,adam",
            "--iters",
            "300000",
            "-o",
            out.to_str().unwrap(),
        ])
        .output()
        .expect("run nabla");
    let err = stderr(&o);
    assert!(o.status.success(), "{err}");
    for stray in ['\r', '\u{1b}', '█', '░'] {
        assert!(!err.contains(stray), "progress drawn: {err:?}");
    }
    for label in [Stage::Grid, Stage::Contours, Stage::Runs] {
        assert!(!err.contains(&label.label()), "{err}");
    }
}

#[test]
fn the_grid_cut_on_two_threads_is_the_grid_cut_on_one() {
    let dir = out_dir("progress", "threads");
    let mut svgs = Vec::new();
    for (threads, lines) in [("1", false), ("2", false), ("1", true), ("2", true)] {
        let file = dir.join(format!("map-{threads}-{lines}.svg"));
        let mut c = nabla_command();
        c.env("RAYON_NUM_THREADS", threads).args([
            "plot",
            BEALE,
            "--grid",
            "700",
            "--box",
            "-4.5..4.5",
            "-o",
            file.to_str().unwrap(),
        ]);
        if lines {
            c.arg("--lines");
        }
        let o = c.output().expect("run nabla");
        assert!(o.status.success(), "{}", stderr(&o));
        svgs.push(std::fs::read(&file).unwrap());
    }
    assert!(svgs[0].len() > 10_000);
    assert!(
        svgs[0] == svgs[1],
        "filled bands differ between 1 and 2 threads"
    );
    assert!(
        svgs[2] == svgs[3],
        "contour lines differ between 1 and 2 threads"
    );
    assert!(svgs[0] != svgs[2]);
}
