//! The `draftlint` command line.

mod cli;

// Loading the rules (patterns spelled out, automata built) makes hundreds of
// thousands of small allocations; mimalloc takes a third off start-up.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    std::process::exit(cli::run());
}
