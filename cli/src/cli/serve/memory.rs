//! The total memory budget of the computations running at once. Each child is capped on its own
//! ([`super::limits::CHILD_ADDRESS_SPACE`]), but `--jobs` of them together could take many times that; the
//! budget (by default half of the machine's memory, [`default_total`]) bounds their sum.
//!
//! Invariants:
//! - A child is started only when the memory the running children hold (each counted at least
//!   [`CHILD_RESERVE`]) plus [`CHILD_RESERVE`] for the new one fits in the budget; otherwise the
//!   request gets a 503 at once ([`Budget::admit`]).
//! - While children run, their resident memory is measured every [`MEMORY_TICK`], every
//!   [`MEMORY_TICK_NEAR`] once they hold more than half the budget (Linux:
//!   `/proc/PID/statm`); when the sum passes the budget, one child is stopped ([`Budget::check`]):
//!   the most recently started of those that grew past their reserve (the one whose growth was
//!   not accounted for when it was admitted), so the others keep their progress. With two or
//!   more running, one is stopped already when growing as fast as over the last tick would pass
//!   the budget by the next. Only a child that allocates faster than it did over the last tick
//!   (or a lone child, in its last tick) can take the sum past the budget, by what it allocates
//!   in one tick.
//! - Elsewhere than Linux nothing is measured: each child counts as its reserve, and only the
//!   admission bound applies.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};

use tokio::sync::Notify;

use super::limits::{CHILD_RESERVE, MAX_MEMORY_MIB, MEMORY_TICK, MEMORY_TICK_NEAR, MIN_MEMORY_MIB};

/// What a running child holds, as far as the budget knows.
#[derive(Debug)]
struct Running {
    id: u64,
    pid: Option<u32>,
    /// Resident bytes at the last measurement (0 before the first).
    resident: u64,
    /// What it grew by between its last two measurements (0 before the second).
    growth: u64,
    /// Told to stop; `alone` says whether it was the only child running then.
    stop: Arc<Stop>,
}

impl Running {
    /// What it counts for in the admission of another child.
    fn charge(&self) -> u64 {
        self.resident.max(CHILD_RESERVE)
    }
}

/// A request to stop one child for the budget.
#[derive(Debug, Default)]
struct Stop {
    told: AtomicBool,
    alone: AtomicBool,
    notify: Notify,
}

#[derive(Debug, Default)]
struct Ledger {
    next_id: u64,
    running: Vec<Running>,
}

/// The budget, and the children running within it.
#[derive(Debug)]
pub struct Budget {
    total: u64,
    ledger: Mutex<Ledger>,
    /// Wakes the watcher when a child is admitted.
    wake: Notify,
}

/// One admitted child's place in the budget; dropping it (the child was reaped) frees it.
#[derive(Debug)]
pub struct Charge {
    budget: Arc<Budget>,
    id: u64,
    stop: Arc<Stop>,
}

impl Charge {
    /// Records the child's process id, so that its memory is measured.
    pub fn set_pid(&self, pid: Option<u32>) {
        let mut l = self.budget.lock();
        if let Some(r) = l.running.iter_mut().find(|r| r.id == self.id) {
            r.pid = pid;
        }
    }

    /// Resolves when the child must stop for the budget, with whether it was running alone
    /// (then it needs more than the whole budget by itself).
    pub async fn stopped(&self) -> bool {
        loop {
            let notified = self.stop.notify.notified();
            if self.stop.told.load(Ordering::SeqCst) {
                return self.stop.alone.load(Ordering::SeqCst);
            }
            notified.await;
        }
    }

    /// The budget's total, in bytes.
    pub fn total(&self) -> u64 {
        self.budget.total
    }
}

impl Drop for Charge {
    fn drop(&mut self) {
        self.budget.lock().running.retain(|r| r.id != self.id);
    }
}

impl Budget {
    /// A budget of `total` bytes.
    pub fn new(total: u64) -> Arc<Budget> {
        Arc::new(Budget {
            total,
            ledger: Mutex::new(Ledger::default()),
            wake: Notify::new(),
        })
    }

    /// The budget in bytes.
    pub fn total(&self) -> u64 {
        self.total
    }

    fn lock(&self) -> MutexGuard<'_, Ledger> {
        self.ledger.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// A place for one more child, or `None` when the running children hold too much of the
    /// budget for another [`CHILD_RESERVE`].
    pub fn admit(self: &Arc<Self>) -> Option<Charge> {
        let mut l = self.lock();
        let held: u64 = l.running.iter().map(Running::charge).sum();
        if held.saturating_add(CHILD_RESERVE) > self.total {
            return None;
        }
        let id = l.next_id;
        l.next_id += 1;
        let stop = Arc::new(Stop::default());
        l.running.push(Running {
            id,
            pid: None,
            resident: 0,
            growth: 0,
            stop: stop.clone(),
        });
        self.wake.notify_one();
        Some(Charge {
            budget: self.clone(),
            id,
            stop,
        })
    }

    /// Records the children's resident memory (`measure` of each pid) and, when their sum
    /// passes the budget, tells one to stop; returns its id.
    pub fn check(&self, measure: impl Fn(u32) -> Option<u64>) -> Option<u64> {
        let pids: Vec<(u64, u32)> = {
            let l = self.lock();
            l.running
                .iter()
                .filter_map(|r| r.pid.map(|p| (r.id, p)))
                .collect()
        };
        // Measured without the lock held (a file read per child).
        let sizes: Vec<(u64, Option<u64>)> =
            pids.into_iter().map(|(id, p)| (id, measure(p))).collect();
        let mut l = self.lock();
        for (id, size) in sizes {
            if let (Some(r), Some(size)) = (l.running.iter_mut().find(|r| r.id == id), size) {
                r.growth = if r.resident == 0 {
                    0
                } else {
                    size.saturating_sub(r.resident)
                };
                r.resident = size;
            }
        }
        // Children already told to stop are on their way out: their memory is not counted.
        let live: Vec<&Running> = l
            .running
            .iter()
            .filter(|r| !r.stop.told.load(Ordering::SeqCst))
            .collect();
        let sum: u64 = live.iter().map(|r| r.resident).sum();
        // With others beside it, a child is stopped (503, try again) before the sum passes
        // the budget: when growing as fast as over the last tick would pass it by the next.
        // Alone it is stopped only past the budget (422, a verdict on the request).
        let growth: u64 = live.iter().map(|r| r.growth).sum();
        let next = if live.len() > 1 {
            sum.saturating_add(growth)
        } else {
            sum
        };
        if next <= self.total {
            return None;
        }
        // The newest that grew past its reserve; failing that (impossible while admission
        // holds), the largest.
        let victim = live
            .iter()
            .filter(|r| r.resident > CHILD_RESERVE)
            .max_by_key(|r| r.id)
            .or_else(|| live.iter().max_by_key(|r| r.resident))?;
        victim.stop.alone.store(live.len() == 1, Ordering::SeqCst);
        victim.stop.told.store(true, Ordering::SeqCst);
        victim.stop.notify.notify_waiters();
        Some(victim.id)
    }

    /// Measures the running children while there are any, for the server's life: every
    /// [`MEMORY_TICK`], or [`MEMORY_TICK_NEAR`] while they hold more than half the budget.
    pub async fn watch_forever(self: Arc<Self>) {
        let mut tick = MEMORY_TICK;
        loop {
            if self.lock().running.is_empty() {
                self.wake.notified().await;
            }
            tokio::time::sleep(tick).await;
            self.check(resident_bytes);
            let held: u64 = self.lock().running.iter().map(|r| r.resident).sum();
            tick = if held > self.total / 2 {
                MEMORY_TICK_NEAR
            } else {
                MEMORY_TICK
            };
        }
    }
}

/// The resident memory of process `pid` in bytes (Linux: `/proc/PID/statm`'s second field, in
/// pages); `None` elsewhere or when it cannot be read (the process is gone).
pub fn resident_bytes(pid: u32) -> Option<u64> {
    #[cfg(target_os = "linux")]
    {
        let statm = std::fs::read_to_string(format!("/proc/{pid}/statm")).ok()?;
        let pages: u64 = statm.split_whitespace().nth(1)?.parse().ok()?;
        Some(pages.saturating_mul(page_size()))
    }
    #[cfg(not(target_os = "linux"))]
    {
        let _ = pid;
        None
    }
}

#[cfg(unix)]
fn page_size() -> u64 {
    // SAFETY: sysconf only reads a system constant.
    let n = unsafe { libc::sysconf(libc::_SC_PAGESIZE) };
    u64::try_from(n).ok().filter(|&n| n > 0).unwrap_or(4096)
}

/// The machine's memory in bytes, as far as this process may use it: Linux's `MemTotal`, or the
/// control group's `memory.max` when that is lower (a container); the system's count of
/// physical pages on other Unix systems; `None` when unknown.
pub fn machine_memory() -> Option<u64> {
    #[cfg(target_os = "linux")]
    {
        let meminfo = std::fs::read_to_string("/proc/meminfo").ok()?;
        let total = meminfo.lines().find_map(|l| {
            let kib = l.strip_prefix("MemTotal:")?.trim().strip_suffix("kB")?;
            kib.trim().parse::<u64>().ok()?.checked_mul(1024)
        })?;
        let group = std::fs::read_to_string("/sys/fs/cgroup/memory.max")
            .ok()
            .and_then(|m| m.trim().parse::<u64>().ok());
        Some(group.map_or(total, |g| g.min(total)))
    }
    #[cfg(all(unix, not(target_os = "linux")))]
    {
        // SAFETY: sysconf only reads a system constant.
        let pages = unsafe { libc::sysconf(libc::_SC_PHYS_PAGES) };
        u64::try_from(pages)
            .ok()
            .map(|p| p.saturating_mul(page_size()))
    }
    #[cfg(not(unix))]
    {
        None
    }
}

/// The default budget: half of [`machine_memory`] (of 8 GiB when unknown), within
/// [`MIN_MEMORY_MIB`] and [`MAX_MEMORY_MIB`].
pub fn default_total() -> u64 {
    (machine_memory().unwrap_or(8 << 30) / 2).clamp(MIN_MEMORY_MIB << 20, MAX_MEMORY_MIB << 20)
}

/// A number of bytes for a message: GiB with one decimal from 1 GiB up, else MiB.
///
/// ```ignore
/// assert_eq!(size(3 << 29), "1.5 GiB");
/// assert_eq!(size(100 << 20), "100 MiB");
/// ```
pub fn size(bytes: u64) -> String {
    if bytes >= 1 << 30 {
        format!("{:.1} GiB", bytes as f64 / f64::from(1u32 << 30))
    } else {
        format!("{} MiB", bytes >> 20)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const MIB: u64 = 1 << 20;

    #[test]
    fn admission_counts_each_child_at_least_its_reserve() {
        // Room for two reserves and a half: the third child is refused.
        let b = Budget::new(CHILD_RESERVE * 5 / 2);
        let first = b.admit();
        let second = b.admit();
        assert!(first.is_some() && second.is_some());
        assert!(b.admit().is_none());
        drop(first);
        let third = b.admit();
        assert!(third.is_some());
        // A child measured above its reserve counts for what it holds: 2 reserves + 1 MiB
        // leave no room for a second one's reserve.
        drop(second);
        let big = 2 * CHILD_RESERVE + MIB;
        let pid = 7;
        if let Some(c) = &third {
            c.set_pid(Some(pid));
        }
        assert_eq!(b.check(|_| Some(big)), None);
        assert!(b.admit().is_none());
    }

    #[test]
    fn past_the_budget_the_newest_that_grew_is_stopped() {
        let b = Budget::new(1000 * MIB);
        let charges: Vec<Charge> = (0..3).filter_map(|_| b.admit()).collect();
        assert_eq!(charges.len(), 3);
        for (k, c) in charges.iter().enumerate() {
            c.set_pid(Some(k as u32 + 1));
        }
        // 500 + 450 + 40 = 990 MiB: within the budget.
        let sizes = |pid: u32| Some([500, 450, 40][pid as usize - 1] * MIB);
        assert_eq!(b.check(sizes), None);
        // 500 + 480 + 40 = 1020 MiB: the second child (the newest past its reserve; the third
        // is within its reserve) is stopped, not the first, nor the small third.
        let sizes = |pid: u32| Some([500, 480, 40][pid as usize - 1] * MIB);
        assert_eq!(b.check(sizes), Some(charges[1].id));
        let stopped = |c: &Charge| c.stop.told.load(Ordering::SeqCst);
        assert!(!stopped(&charges[0]) && stopped(&charges[1]) && !stopped(&charges[2]));
        assert!(!charges[1].stop.alone.load(Ordering::SeqCst));
        // While it is being stopped, it no longer counts: nobody else is stopped.
        assert_eq!(b.check(sizes), None);
    }

    #[test]
    fn children_growing_towards_the_budget_are_stopped_before_it() {
        let b = Budget::new(1000 * MIB);
        let charges: Vec<Charge> = (0..2).filter_map(|_| b.admit()).collect();
        for (k, c) in charges.iter().enumerate() {
            c.set_pid(Some(k as u32 + 1));
        }
        // 300 + 300, then 400 + 450 (grown by 250): at that pace 1100 MiB by the next tick.
        assert_eq!(b.check(|_| Some(300 * MIB)), None);
        let sizes = |pid: u32| Some([400, 450][pid as usize - 1] * MIB);
        assert_eq!(b.check(sizes), Some(charges[1].id));
        // Alone, a child growing as fast is stopped only past the budget.
        let b = Budget::new(1000 * MIB);
        let c = b.admit();
        if let Some(c) = &c {
            c.set_pid(Some(1));
        }
        assert_eq!(b.check(|_| Some(500 * MIB)), None);
        assert_eq!(b.check(|_| Some(900 * MIB)), None);
        assert_eq!(b.check(|_| Some(1001 * MIB)), c.as_ref().map(|c| c.id));
    }

    #[test]
    fn a_child_alone_past_the_budget_is_stopped_alone() {
        let b = Budget::new(100 * MIB);
        let c = b.admit();
        if let Some(c) = &c {
            c.set_pid(Some(1));
        }
        assert_eq!(b.check(|_| Some(101 * MIB)), c.as_ref().map(|c| c.id));
        assert!(c.is_some_and(|c| c.stop.alone.load(Ordering::SeqCst)));
    }

    #[test]
    fn the_default_is_half_the_machine_within_the_bounds() {
        let d = default_total();
        assert!((MIN_MEMORY_MIB << 20..=MAX_MEMORY_MIB << 20).contains(&d));
        if let Some(m) = machine_memory() {
            assert!(d <= (m / 2).max(MIN_MEMORY_MIB << 20));
        }
        assert_eq!(size(3 << 29), "1.5 GiB");
        assert_eq!(size(100 << 20), "100 MiB");
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn this_process_has_resident_memory() {
        let me = resident_bytes(std::process::id());
        assert!(me.is_some_and(|b| b > 0));
        assert_eq!(resident_bytes(u32::MAX), None);
    }
}
