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
//! * [`files`]: hovers and completions in rule files and `draftlint.toml`.
//! * [`actions`]: the edits behind "disable this rule" actions.
//! * [`pool`]: the threads lints run on, apart from tokio's.
//! * [`convert`]: byte spans to LSP positions in the negotiated encoding.
//! * [`stream`]: the client's messages, checked so that a malformed one gets
//!   an error instead of ending the server.

pub mod actions;
pub mod analysis;
pub mod capabilities;
pub mod convert;
pub mod document;
pub mod ext;
pub mod features;
pub mod files;
pub mod pool;
pub mod server;
mod state;
pub mod stream;
pub mod workspace;

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use tokio::io::{AsyncRead, AsyncWrite};
use tower_lsp_server::{LspService, Server};

/// Serves the language server protocol on `input` and `output` until the
/// client exits or closes its side. `Ok(true)` when the client asked the
/// server to shut down first (the protocol's clean exit); an error when
/// `input` could not be read.
pub async fn serve<I, O>(input: I, output: O) -> std::io::Result<bool>
where
    I: AsyncRead + Unpin,
    O: AsyncWrite,
{
    let shut_down = Arc::new(AtomicBool::new(false));
    let flag = shut_down.clone();
    // As many lint threads as cores, and two at least, so that one slow
    // document leaves a thread for the others even on one core.
    let threads = std::thread::available_parallelism().map_or(2, |n| n.get().max(2));
    let pool = Arc::new(pool::Pool::new(threads)?);
    let (service, socket) =
        LspService::build(move |client| server::Backend::new(client, flag, pool))
            .custom_method(ext::CHECKLIST, server::Backend::checklist_request)
            .custom_method(ext::RULES, server::Backend::rules_request)
            .custom_method(ext::EXPLAIN, server::Backend::explain_request)
            .finish();
    // The client's messages reach the server through `stream::forward`, and
    // the server's reach the client through `stream::write_out`, which also
    // writes the errors that answer malformed messages.
    let (to_server, from_client) = tokio::io::duplex(64 << 10);
    let (server_out, from_server) = tokio::io::duplex(64 << 10);
    let (errors, errors_out) = tokio::sync::mpsc::unbounded_channel();
    let server = Server::new(from_client, server_out, socket).serve(service);
    let run = async {
        tokio::pin!(server);
        tokio::select! {
            // After `exit` the server is done, whether or not the client has
            // closed its side.
            () = &mut server => Ok(()),
            // The server's input ends with the client's: `to_server` is
            // dropped when `forward` returns.
            read = stream::forward(input, to_server, errors) => {
                server.await;
                read
            }
        }
    };
    // `write_out` ends when the server, and with it `server_out`, is gone.
    let (read, written) = tokio::join!(run, stream::write_out(from_server, errors_out, output));
    let context = |what: &str| {
        let what = what.to_string();
        move |e: std::io::Error| std::io::Error::new(e.kind(), format!("{what}: {e}"))
    };
    read.map_err(context("cannot read from the client"))?;
    written.map_err(context("cannot write to the client"))?;
    Ok(shut_down.load(Ordering::SeqCst))
}

/// `draftlint lsp`: serves on standard input and output. `Ok(false)` when
/// the client left without asking the server to shut down (exit code 1).
pub fn run_stdio() -> std::io::Result<bool> {
    // Blocking threads only read standard input and write standard output
    // (lints have their own, see `pool`): a few are plenty.
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .max_blocking_threads(4)
        .enable_all()
        .build()?;
    let clean = runtime.block_on(serve(tokio::io::stdin(), tokio::io::stdout()));
    // A blocking read of standard input may still be waiting; do not wait
    // for it (nor for a lint thread that is finishing).
    runtime.shutdown_background();
    clean
}
