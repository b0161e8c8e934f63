//! Which task of a backward pass belongs to a node: a slot in the node itself, so that finding
//! a node's task touches only the node (in cache already, since its consumer has just run)
//! instead of a hash table as large as the graph, one cache miss per node.
//!
//! A pass claims a node's slot with its own number and frees it when the node runs or when the
//! pass ends. A node whose slot another pass holds (a pass inside a hook or a custom Function's
//! backward, or passes on two threads over one kept graph) goes to a small hash table instead.

use super::graph_task::{ptr, PtrMap};
use super::Node;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

/// Pass numbers handed out so far (a pass's number is never 0: 0 is a free slot).
static PASSES: AtomicU64 = AtomicU64::new(0);

const LOW: u64 = 0xffff_ffff;

/// The node → task map of one pass.
pub(crate) struct TaskIndex {
    /// This pass's number, in `1..=u32::MAX`, kept in the high half of a claimed slot.
    pass: u64,
    /// The tasks of nodes whose slot was held by another pass.
    overflow: PtrMap<usize>,
}

impl TaskIndex {
    /// The index of a new pass; `overflow` is an empty table to reuse.
    pub(crate) fn new(overflow: PtrMap<usize>) -> TaskIndex {
        debug_assert!(overflow.is_empty());
        TaskIndex {
            pass: PASSES.fetch_add(1, Ordering::Relaxed) % LOW + 1,
            overflow,
        }
    }

    /// The task of `node`, if it has one in this pass.
    #[inline]
    pub(crate) fn get(&self, node: &Arc<Node>) -> Option<usize> {
        let slot = node.task.load(Ordering::Acquire);
        if slot >> 32 == self.pass {
            return Some((slot & LOW) as usize);
        }
        if self.overflow.is_empty() {
            None
        } else {
            self.overflow.get(&ptr(node)).copied()
        }
    }

    /// Gives `node` the task `ti` (it has none yet in this pass).
    #[inline]
    pub(crate) fn insert(&mut self, node: &Arc<Node>, ti: usize) {
        let claimed = (ti as u64) < LOW
            && node
                .task
                .compare_exchange(
                    0,
                    (self.pass << 32) | ti as u64,
                    Ordering::AcqRel,
                    Ordering::Acquire,
                )
                .is_ok();
        if !claimed {
            self.overflow.insert(ptr(node), ti);
        }
    }

    /// Frees `node`'s slot for other passes (its task has run, or the pass is over).
    #[inline]
    pub(crate) fn release(&self, node: &Node) {
        // only this pass writes a slot it holds, so a load and a store suffice
        if node.task.load(Ordering::Relaxed) >> 32 == self.pass {
            node.task.store(0, Ordering::Release);
        }
    }

    /// Whether no node went to the overflow table.
    #[cfg(test)]
    pub(crate) fn overflow_is_empty(&self) -> bool {
        self.overflow.is_empty()
    }

    /// The overflow table, emptied, for the next pass on this thread.
    pub(crate) fn take_table(&mut self) -> PtrMap<usize> {
        self.overflow.clear();
        std::mem::take(&mut self.overflow)
    }
}
