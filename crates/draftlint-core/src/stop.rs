//! When a lint must stop early: a time budget, or a caller that no longer
//! wants the result (the language server cancels the lint of a version that
//! has since been edited).
//!
//! The linter asks [`Stop::is_due`] between rules and every
//! [`Stop::EVERY`] findings inside one, so a stop takes effect within one
//! rule's slice of work, not at the end of the draft.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

/// A reason to stop linting, shared between the linter and whoever may
/// cancel it.
#[derive(Clone, Debug, Default)]
pub struct Stop {
    budget: Duration,
    deadline: Option<Instant>,
    cancelled: Option<Arc<AtomicBool>>,
}

/// Why a lint ended before its findings were all made.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stopped {
    /// The time budget ran out.
    OutOfTime,
    /// The caller cancelled it.
    Cancelled,
}

impl Stop {
    /// How many items (hits, findings) a loop handles between two looks
    /// at the clock: reading it costs about as much as handling a few.
    pub const EVERY: usize = 256;

    /// Never stops: [`crate::Linter::lint`] runs to the end.
    pub fn never() -> Stop {
        Stop::default()
    }

    /// Stops `budget` from now, or when `cancelled` is set.
    pub fn within(budget: Duration, cancelled: Arc<AtomicBool>) -> Stop {
        Stop {
            budget,
            deadline: Instant::now().checked_add(budget),
            cancelled: Some(cancelled),
        }
    }

    /// The time it was given (zero for [`Stop::never`]).
    pub fn budget(&self) -> Duration {
        self.budget
    }

    /// Whether the lint should end now, and why.
    pub fn is_due(&self) -> Option<Stopped> {
        if self
            .cancelled
            .as_ref()
            .is_some_and(|c| c.load(Ordering::Relaxed))
        {
            Some(Stopped::Cancelled)
        } else if self.deadline.is_some_and(|d| Instant::now() >= d) {
            Some(Stopped::OutOfTime)
        } else {
            None
        }
    }

    /// [`Stop::is_due`] on every [`Stop::EVERY`]th item of a loop, for
    /// item `i`; false in between.
    pub fn is_due_at(&self, i: usize) -> bool {
        i.is_multiple_of(Stop::EVERY) && self.is_due().is_some()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cancelling_stops_at_once_and_a_budget_when_it_runs_out() {
        let flag = Arc::new(AtomicBool::new(false));
        let stop = Stop::within(Duration::from_secs(3600), flag.clone());
        assert_eq!(stop.is_due(), None);
        flag.store(true, Ordering::Relaxed);
        assert_eq!(stop.is_due(), Some(Stopped::Cancelled));
        let spent = Stop::within(Duration::ZERO, Arc::new(AtomicBool::new(false)));
        assert_eq!(spent.is_due(), Some(Stopped::OutOfTime));
        assert!(spent.is_due_at(0) && !spent.is_due_at(1));
        assert_eq!(Stop::never().is_due(), None);
    }
}
