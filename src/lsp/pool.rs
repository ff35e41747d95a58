//! The threads lints run on, apart from tokio's blocking pool.
//!
//! tokio reads standard input and writes standard output on its blocking
//! threads. Had lints shared those threads, one slow lint per core would
//! hold up every message in or out, other documents' diagnostics included.
//! Here lints queue for their own fixed set of threads, first come first
//! served, and each is bounded by its time budget (see [`crate::Stop`]), so
//! a document waits at most one budget for a thread.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::mpsc;
use std::sync::{Arc, Mutex};

type Job = Box<dyn FnOnce() + Send>;

/// A fixed number of lint threads sharing one queue.
pub struct Pool {
    queue: mpsc::Sender<Job>,
}

/// A job that panicked; the thread that ran it lives on.
#[derive(Debug)]
pub struct Panicked;

impl Pool {
    /// Starts `threads` threads (at least one). They end when the pool is
    /// dropped and the queue is empty.
    pub fn new(threads: usize) -> std::io::Result<Pool> {
        let (queue, jobs) = mpsc::channel::<Job>();
        let jobs = Arc::new(Mutex::new(jobs));
        for n in 0..threads.max(1) {
            let jobs = jobs.clone();
            std::thread::Builder::new()
                .name(format!("draftlint-lint-{n}"))
                .spawn(move || {
                    loop {
                        // The lock is held only to take the next job.
                        let next = match jobs.lock() {
                            Ok(jobs) => jobs.recv(),
                            Err(poisoned) => poisoned.into_inner().recv(),
                        };
                        match next {
                            Ok(job) => job(),
                            Err(mpsc::RecvError) => break,
                        }
                    }
                })?;
        }
        Ok(Pool { queue })
    }

    /// Runs `work` on the next free thread; the answer is `Err` if it
    /// panicked.
    pub async fn run<T: Send + 'static>(
        &self,
        work: impl FnOnce() -> T + Send + 'static,
    ) -> Result<T, Panicked> {
        let (answer, answered) = tokio::sync::oneshot::channel();
        let job: Job = Box::new(move || {
            let _ = answer.send(catch_unwind(AssertUnwindSafe(work)).map_err(|_| Panicked));
        });
        if self.queue.send(job).is_err() {
            return Err(Panicked);
        }
        answered.await.unwrap_or(Err(Panicked))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn jobs_run_and_a_panic_is_an_answer_not_the_end_of_a_thread() {
        let pool = Pool::new(1).expect("a thread");
        assert_eq!(pool.run(|| 2 + 2).await.ok(), Some(4));
        assert!(pool.run(|| panic!("a test panic")).await.is_err());
        // The one thread survived the panic and takes the next job.
        assert_eq!(pool.run(|| "after").await.ok(), Some("after"));
    }
}
