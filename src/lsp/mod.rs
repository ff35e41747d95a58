//! The language server: `draftlint lsp`.
//!
//! Diagnostics while the person types, hovers that say why, quick fixes
//! that apply the rewrites, and a five-step checklist on the first line.
//! Built on `tower-lsp-server`; everything it shows comes from the same
//! [`Linter`](crate::Linter) the CLI uses.
//!
//! * [`server`]: the protocol handlers and the per-document lint tasks.
//! * [`document`]: open documents, kept in step with incremental changes.
//! * [`analysis`]: one linted version of a document, cached for requests.
//! * [`workspace`]: settings, `draftlint.toml` per document, broken rule files.
//! * [`actions`]: the edits behind "disable this rule" actions.
//! * [`checklist`]: the five steps, done or not.
//! * [`convert`]: byte spans to LSP positions in the negotiated encoding.

pub mod actions;
pub mod analysis;
pub mod checklist;
pub mod convert;
pub mod document;
pub mod server;
pub mod workspace;

use tokio::io::{AsyncRead, AsyncWrite};
use tower_lsp_server::{LspService, Server};

/// Serves the language server protocol on `input` and `output` until the
/// client exits or closes its side.
pub async fn serve<I, O>(input: I, output: O)
where
    I: AsyncRead + Unpin,
    O: AsyncWrite,
{
    let (service, socket) = LspService::build(server::Backend::new)
        .custom_method("draftlint/checklist", server::Backend::checklist_request)
        .finish();
    Server::new(input, output, socket).serve(service).await;
}

/// `draftlint lsp`: serves on standard input and output.
pub fn run_stdio() -> std::io::Result<()> {
    // Lints run on blocking threads; as many as there are cores is enough,
    // and each thread costs memory (its own regex caches and malloc arena).
    let cores = std::thread::available_parallelism().map_or(2, |n| n.get().max(2));
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .max_blocking_threads(cores)
        .enable_all()
        .build()?;
    runtime.block_on(serve(tokio::io::stdin(), tokio::io::stdout()));
    // Blocking lint threads may still be finishing; do not wait for them.
    runtime.shutdown_background();
    Ok(())
}
