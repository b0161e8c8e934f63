//! A team of worker threads for the kernels' parallel regions, which keeps its workers awake
//! for a short while after each region.
//!
//! A training step runs dozens of parallel regions a few microseconds to a few hundred
//! microseconds long, with short gaps between them. Rayon's pool threads go to sleep within
//! microseconds of running out of work, and waking one costs a futex call and a trip through the
//! scheduler (on a virtual machine, an interrupt to another virtual CPU): in a profile of the MLP
//! step on two cores, the scheduler took about a fifth of the samples. The team's workers instead
//! spin, then yield, for [`SPIN`] after a region before they park, as OpenMP runtimes do, so
//! the next region of a step starts at once. A region is split into parts; the calling thread
//! takes parts too, and the call returns when every part has run.
//!
//! One region runs at a time: a caller that finds the team busy (another thread's region, or a
//! region started from inside a part) runs its parts itself, in order.

use std::cell::Cell;
use std::panic::{catch_unwind, resume_unwind, AssertUnwindSafe};
use std::sync::atomic::{AtomicPtr, AtomicU64, AtomicUsize, Ordering::SeqCst};
use std::sync::{Mutex, OnceLock};
use std::thread::Thread;
use std::time::{Duration, Instant};

/// How long an idle worker keeps looking for the next region before it parks.
const SPIN: Duration = Duration::from_micros(300);
/// Spin-loop rounds before an idle worker starts yielding its core between looks.
const SPIN_ROUNDS: u32 = 2_000;
/// The most workers the team starts.
const MAX_WORKERS: usize = 63;

/// One region: the parts' function with its lifetime erased, and the parts' counters.
struct Job {
    /// The region's `f`, valid until the caller returns (it waits for every worker that may
    /// read this job first).
    f: *const (dyn Fn(usize) + Sync + 'static),
    parts: usize,
    /// How many workers may take part (the rest of the team sits this region out).
    helpers: usize,
    /// Workers that have joined.
    joined: AtomicUsize,
    /// The next part to claim.
    next: AtomicUsize,
    /// Parts finished (run or panicked).
    done: AtomicUsize,
    /// The first panic of a part run by a worker.
    panic: Mutex<Option<Box<dyn std::any::Any + Send>>>,
}

struct Team {
    /// The region being run, or null.
    job: AtomicPtr<Job>,
    /// Bumped when a region starts; a worker runs each region once.
    epoch: AtomicU64,
    /// Workers that have announced they may read `job` and have not finished with it.
    users: AtomicUsize,
    /// Workers parked, or about to park.
    sleepers: AtomicUsize,
    /// The workers' handles (for unparking); its lock also admits one region at a time.
    workers: Mutex<Vec<Thread>>,
}

fn team() -> &'static Team {
    static TEAM: OnceLock<Team> = OnceLock::new();
    TEAM.get_or_init(|| Team {
        job: AtomicPtr::new(std::ptr::null_mut()),
        epoch: AtomicU64::new(0),
        users: AtomicUsize::new(0),
        sleepers: AtomicUsize::new(0),
        workers: Mutex::new(Vec::new()),
    })
}

thread_local! {
    /// Whether this thread is running a part (a region started there runs inline).
    static IN_PART: Cell<bool> = const { Cell::new(false) };
}

/// Runs `f(0)`, …, `f(parts - 1)`, in parallel on the team and the calling thread when
/// `parts > 1`, and returns when all have run. A panic in a part is resumed here after every
/// part has finished.
pub(crate) fn run_parts(parts: usize, f: &(dyn Fn(usize) + Sync)) {
    if parts <= 1 || IN_PART.with(Cell::get) {
        run_inline(parts, f);
        return;
    }
    let t = team();
    let mut workers = match t.workers.try_lock() {
        Ok(w) => w,
        Err(std::sync::TryLockError::Poisoned(e)) => e.into_inner(),
        Err(std::sync::TryLockError::WouldBlock) => {
            // another thread's region holds the team
            run_inline(parts, f);
            return;
        }
    };
    // the calling thread and `helpers` workers: as many threads as the pool the caller runs
    // under has (`team_size`), no more than there are parts
    let helpers = (super::team_size().min(parts) - 1).min(MAX_WORKERS);
    if helpers == 0 {
        drop(workers);
        run_inline(parts, f);
        return;
    }
    while workers.len() < helpers {
        let spawned = std::thread::Builder::new()
            .name(format!("ferrograd-{}", workers.len() + 1))
            .spawn(worker);
        match spawned {
            Ok(h) => workers.push(h.thread().clone()),
            Err(_) => break, // fewer workers: the caller takes more parts
        }
    }
    // SAFETY: only the lifetime is erased. The pointer is published in `t.job` below and
    // withdrawn before this function returns, after which no worker reads it: each worker
    // announces itself in `t.users` before loading `t.job`, and this function waits for
    // `t.users` to fall to zero after withdrawing the job (with sequentially consistent
    // operations on both sides, a worker either sees the withdrawal or is counted).
    let f: &'static (dyn Fn(usize) + Sync) = unsafe { std::mem::transmute(f) };
    let job = Job {
        f,
        parts,
        helpers,
        joined: AtomicUsize::new(0),
        next: AtomicUsize::new(0),
        done: AtomicUsize::new(0),
        panic: Mutex::new(None),
    };
    t.job.store(&job as *const Job as *mut Job, SeqCst);
    t.epoch.fetch_add(1, SeqCst);
    if t.sleepers.load(SeqCst) > 0 {
        for w in workers.iter() {
            w.unpark();
        }
    }
    // the caller takes parts like a worker
    let own = take_parts(&job);
    let mut spins = 0u32;
    while job.done.load(SeqCst) < parts {
        pause(&mut spins);
    }
    t.job.store(std::ptr::null_mut(), SeqCst);
    while t.users.load(SeqCst) > 0 {
        pause(&mut spins);
    }
    drop(workers);
    if let Some(p) = own {
        resume_unwind(p);
    }
    if let Some(p) = job.panic.into_inner().unwrap_or_else(|e| e.into_inner()) {
        resume_unwind(p);
    }
}

/// Runs every part on the calling thread, in order; a panic is resumed after the last part
/// has run, as in a region the team runs.
fn run_inline(parts: usize, f: &(dyn Fn(usize) + Sync)) {
    let mut first = None;
    for i in 0..parts {
        if let Err(p) = catch_unwind(AssertUnwindSafe(|| f(i))) {
            first.get_or_insert(p);
        }
    }
    if let Some(p) = first {
        resume_unwind(p);
    }
}

/// Claims and runs parts of `job` until none is left, counting each as done; returns the first
/// panic among them (the others are dropped), after running every part it claimed.
fn take_parts(job: &Job) -> Option<Box<dyn std::any::Any + Send>> {
    // SAFETY: `job.f` is valid while the job is published or its caller waits (see run_parts).
    let f = unsafe { &*job.f };
    IN_PART.with(|p| p.set(true));
    let _reset = ResetInPart;
    let mut first = None;
    loop {
        let i = job.next.fetch_add(1, SeqCst);
        if i >= job.parts {
            return first;
        }
        let r = catch_unwind(AssertUnwindSafe(|| f(i)));
        job.done.fetch_add(1, SeqCst);
        if let Err(p) = r {
            first.get_or_insert(p);
        }
    }
}

struct ResetInPart;

impl Drop for ResetInPart {
    fn drop(&mut self) {
        IN_PART.with(|p| p.set(false));
    }
}

/// A short wait: spin-loop hints at first, then yielding the core.
fn pause(spins: &mut u32) {
    if *spins < SPIN_ROUNDS {
        *spins += 1;
        std::hint::spin_loop();
    } else {
        std::thread::yield_now();
    }
}

/// A worker: runs each region's parts once, keeps looking for the next region for [`SPIN`],
/// then parks until a region starts.
fn worker() {
    let t = team();
    let mut seen = t.epoch.load(SeqCst);
    loop {
        // wait for a new region
        let mut spins = 0u32;
        let idle_since = Instant::now();
        while t.epoch.load(SeqCst) == seen {
            if spins >= SPIN_ROUNDS && idle_since.elapsed() > SPIN {
                t.sleepers.fetch_add(1, SeqCst);
                if t.epoch.load(SeqCst) == seen {
                    std::thread::park();
                }
                t.sleepers.fetch_sub(1, SeqCst);
            } else {
                pause(&mut spins);
            }
        }
        seen = t.epoch.load(SeqCst);
        t.users.fetch_add(1, SeqCst);
        let job = t.job.load(SeqCst);
        if !job.is_null() {
            // SAFETY: announced in `users` before the load, so the caller waits for this
            // worker before the job goes out of scope.
            let job = unsafe { &*job };
            if job.joined.fetch_add(1, SeqCst) < job.helpers
                && let Some(p) = take_parts(job)
            {
                let mut slot = job.panic.lock().unwrap_or_else(|e| e.into_inner());
                slot.get_or_insert(p);
            }
        }
        t.users.fetch_sub(1, SeqCst);
    }
}

/// Runs `f(index, item)` for every item, in parallel on the team (the calling thread takes the
/// first); the items are typically disjoint chunks of the region's buffers.
pub(crate) fn for_each<I: Send>(items: Vec<I>, f: impl Fn(usize, I) + Sync) {
    let slots: Vec<Mutex<Option<I>>> = items.into_iter().map(|i| Mutex::new(Some(i))).collect();
    in_ranges(slots.len(), |i| {
        let item = slots[i]
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .take()
            .expect("each item is taken once");
        f(i, item)
    });
}

/// Runs `f(0)`, …, `f(n - 1)` as one contiguous range of indices per thread: neighbouring items
/// (adjacent channels or rows of one buffer) stay on one core, whose prefetchers then stream
/// them, instead of alternating between cores.
fn in_ranges(n: usize, f: impl Fn(usize) + Sync) {
    let threads = super::team_size().clamp(1, n.max(1));
    let per = n.div_ceil(threads);
    run_parts(n.div_ceil(per.max(1)), &|t| {
        (t * per..((t + 1) * per).min(n)).for_each(&f);
    });
}

/// Splits `data` into chunks of `chunk` elements and runs `f(index of chunk, chunk)` for each,
/// in parallel on the team (the calling thread takes the first).
pub(crate) fn for_each_chunk<T: Send>(
    data: &mut [T],
    chunk: usize,
    f: impl Fn(usize, &mut [T]) + Sync,
) {
    for_each(data.chunks_mut(chunk.max(1)).collect(), f);
}

/// `[f(0), …, f(n - 1)]`, computed in parallel on the team.
pub(crate) fn map<R: Send>(n: usize, f: impl Fn(usize) -> R + Sync) -> Vec<R> {
    let out: Vec<Mutex<Option<R>>> = (0..n).map(|_| Mutex::new(None)).collect();
    in_ranges(n, |i| {
        let r = f(i);
        *out[i].lock().unwrap_or_else(|e| e.into_inner()) = Some(r);
    });
    out.into_iter()
        .map(|m| {
            m.into_inner()
                .unwrap_or_else(|e| e.into_inner())
                .expect("every part ran")
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::AtomicU32;

    #[test]
    fn every_part_runs_once_for_many_sizes() {
        for parts in [0usize, 1, 2, 3, 7, 64, 200] {
            let hits: Vec<AtomicU32> = (0..parts).map(|_| AtomicU32::new(0)).collect();
            run_parts(parts, &|i| {
                hits[i].fetch_add(1, SeqCst);
            });
            assert!(hits.iter().all(|h| h.load(SeqCst) == 1), "{parts}");
        }
    }

    #[test]
    fn a_region_runs_on_at_most_as_many_threads_as_the_callers_pool_has() {
        for threads in [1usize, 2, 3] {
            let pool = rayon::ThreadPoolBuilder::new()
                .num_threads(threads)
                .build()
                .unwrap();
            let ids = Mutex::new(std::collections::HashSet::new());
            pool.install(|| {
                for _ in 0..20 {
                    run_parts(64, &|_| {
                        ids.lock().unwrap().insert(std::thread::current().id());
                        std::hint::black_box((0..2000).sum::<u64>());
                    });
                }
            });
            let n = ids.into_inner().unwrap().len();
            assert!(
                n >= 1 && n <= threads,
                "{n} threads for a pool of {threads}"
            );
            // the team never holds more workers than the largest region asked for
            assert!(team().workers.lock().unwrap().len() < MAX_WORKERS.min(8));
        }
    }

    #[test]
    fn chunks_cover_the_slice_with_their_indices() {
        for (n, chunk) in [
            (0usize, 4usize),
            (1, 4),
            (10, 3),
            (1000, 7),
            (64, 64),
            (5, 0),
        ] {
            let mut v = vec![0usize; n];
            for_each_chunk(&mut v, chunk, |i, c| {
                for (j, x) in c.iter_mut().enumerate() {
                    *x = i * chunk.max(1) + j;
                }
            });
            assert_eq!(v, (0..n).collect::<Vec<_>>());
        }
    }

    #[test]
    fn map_keeps_the_order_and_for_each_hands_every_item_over_once() {
        for n in [0usize, 1, 2, 5, 100] {
            assert_eq!(map(n, |i| i * i), (0..n).map(|i| i * i).collect::<Vec<_>>());
            let mut a = vec![0u8; n];
            let mut b = vec![0u16; n];
            let items: Vec<(&mut [u8], &mut [u16])> =
                a.chunks_mut(3).zip(b.chunks_mut(3)).collect();
            for_each(items, |i, (x, y)| {
                x.fill(i as u8 + 1);
                y.fill(i as u16 + 10);
            });
            assert!(a.iter().enumerate().all(|(j, &v)| v as usize == j / 3 + 1));
            assert!(b.iter().enumerate().all(|(j, &v)| v as usize == j / 3 + 10));
        }
    }

    #[test]
    fn regions_nest_and_run_concurrently_from_several_threads() {
        let total = AtomicUsize::new(0);
        std::thread::scope(|s| {
            for _ in 0..4 {
                s.spawn(|| {
                    for _ in 0..200 {
                        run_parts(3, &|_| {
                            // a region inside a part runs inline
                            run_parts(4, &|_| {
                                total.fetch_add(1, SeqCst);
                            });
                        });
                    }
                });
            }
        });
        assert_eq!(total.load(SeqCst), 4 * 200 * 3 * 4);
    }

    #[test]
    fn a_panicking_part_is_resumed_in_the_caller_after_all_parts_ran() {
        for bad in [0usize, 1, 2] {
            let ran = AtomicUsize::new(0);
            let r = catch_unwind(AssertUnwindSafe(|| {
                run_parts(3, &|i| {
                    ran.fetch_add(1, SeqCst);
                    if i == bad {
                        panic!("part {i}");
                    }
                })
            }));
            let msg = r.expect_err("the panic comes back");
            assert_eq!(
                msg.downcast_ref::<String>().map(String::as_str),
                Some(&*format!("part {bad}"))
            );
            assert_eq!(ran.load(SeqCst), 3);
        }
        // the team still works afterwards
        let n = AtomicUsize::new(0);
        run_parts(5, &|_| {
            n.fetch_add(1, SeqCst);
        });
        assert_eq!(n.load(SeqCst), 5);
    }

    #[test]
    fn a_region_run_inline_also_runs_every_part_before_resuming_a_panic() {
        // inline: on a one-thread pool (no helpers), and nested inside a part
        let one = rayon::ThreadPoolBuilder::new()
            .num_threads(1)
            .build()
            .unwrap();
        let check = || {
            let ran = AtomicUsize::new(0);
            let r = catch_unwind(AssertUnwindSafe(|| {
                run_parts(4, &|i| {
                    ran.fetch_add(1, SeqCst);
                    if i == 1 {
                        panic!("inline part {i}");
                    }
                })
            }));
            let msg = r.expect_err("the panic comes back");
            assert_eq!(
                msg.downcast_ref::<String>().map(String::as_str),
                Some("inline part 1")
            );
            assert_eq!(ran.load(SeqCst), 4);
        };
        one.install(check);
        run_parts(2, &|_| check());
    }

    #[test]
    fn parked_workers_wake_for_the_next_region() {
        let n = AtomicUsize::new(0);
        run_parts(2, &|_| {
            n.fetch_add(1, SeqCst);
        });
        // long enough for the workers to park
        std::thread::sleep(SPIN * 4 + Duration::from_millis(5));
        run_parts(2, &|_| {
            n.fetch_add(1, SeqCst);
        });
        assert_eq!(n.load(SeqCst), 4);
    }
}
