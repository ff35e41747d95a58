//! The message streams between client and server, framed by draftlint.
//!
//! tower-lsp-server stops reading for good at the first message it cannot
//! decode (its framed reader ends after an error), so one stray byte from an
//! editor plugin would end every diagnostic. [`forward`] sits between the
//! client and the server: it reads the `Content-Length` framing itself,
//! passes on every message the server can decode, and answers each one it
//! cannot with a JSON-RPC error (parse error or invalid request, with the
//! message's id when it has one). After a broken header it reads on from the
//! next `Content-Length`. [`write_out`] writes the server's messages and
//! those errors to the client, each message whole.

use serde_json::{Value, json};
use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt};
use tokio::sync::mpsc::{UnboundedReceiver, UnboundedSender};
use tower_lsp_server::jsonrpc::{Request, Response};

/// The largest message read: a document's full text is at most
/// [`crate::MAX_DRAFT_BYTES`] (more is not linted), in JSON, with room.
pub const MAX_MESSAGE: usize = 4 * crate::MAX_DRAFT_BYTES;

/// The longest header block read before it counts as garbage.
const MAX_HEADER: usize = 8 << 10;

const PARSE_ERROR: i64 = -32700;
const INVALID_REQUEST: i64 = -32600;

/// Copies messages from `input` to `to_server` until the client closes its
/// end, and sends the error answering each one the server could not decode
/// to `errors` instead (see the module docs). Fails only when `input`
/// cannot be read.
pub async fn forward<R, W>(
    mut input: R,
    mut to_server: W,
    errors: UnboundedSender<Vec<u8>>,
) -> std::io::Result<()>
where
    R: AsyncRead + Unpin,
    W: AsyncWrite + Unpin,
{
    let mut buffer: Vec<u8> = Vec::new();
    let mut chunk = vec![0; 64 << 10];
    // The server is gone once its side cannot be written: nothing to do.
    let mut server_gone = false;
    loop {
        match next_frame(&mut buffer, MAX_MESSAGE) {
            Frame::Incomplete => {
                let read = input.read(&mut chunk).await?;
                if read == 0 {
                    return Ok(());
                }
                buffer.extend_from_slice(&chunk[..read]);
            }
            Frame::Bad(reason) => {
                let _ = errors.send(error(Value::Null, PARSE_ERROR, &reason));
            }
            Frame::TooLarge(length) => {
                // Say so at once (the stream may end before it does), then
                // read past it without keeping it.
                let reason = format!("message of {length} bytes is larger than {MAX_MESSAGE}");
                let _ = errors.send(error(Value::Null, INVALID_REQUEST, &reason));
                let mut left = length - buffer.len().min(length);
                buffer.drain(..buffer.len().min(length));
                while left > 0 {
                    let read = input.read(&mut chunk[..left.min(64 << 10)]).await?;
                    if read == 0 {
                        return Ok(());
                    }
                    left -= read;
                }
            }
            Frame::Message(body) => match check(&body) {
                Ok(()) if !server_gone => {
                    server_gone = send(&mut to_server, &body).await.is_err();
                }
                Ok(()) => {}
                Err(answer) => {
                    let _ = errors.send(answer);
                }
            },
        }
    }
}

/// Writes every message of `from_server` to `output`, and between them the
/// errors `forward` answers malformed messages with, until the server's
/// side closes.
pub async fn write_out<R, W>(
    mut from_server: R,
    mut errors: UnboundedReceiver<Vec<u8>>,
    output: W,
) -> std::io::Result<()>
where
    R: AsyncRead + Unpin,
    W: AsyncWrite,
{
    tokio::pin!(output);
    let mut buffer: Vec<u8> = Vec::new();
    let mut chunk = vec![0; 64 << 10];
    let mut errors_open = true;
    loop {
        while let Frame::Message(body) = next_frame(&mut buffer, usize::MAX) {
            send(&mut output, &body).await?;
        }
        tokio::select! {
            // Answers to malformed messages first: once the server's side
            // ends, the ones still queued must not be lost.
            biased;
            answer = errors.recv(), if errors_open => match answer {
                Some(answer) => send(&mut output, &answer).await?,
                None => errors_open = false,
            },
            read = from_server.read(&mut chunk) => {
                let read = read?;
                if read == 0 {
                    while let Ok(answer) = errors.try_recv() {
                        send(&mut output, &answer).await?;
                    }
                    return Ok(());
                }
                buffer.extend_from_slice(&chunk[..read]);
            }
        }
    }
}

enum Frame {
    /// More bytes are needed.
    Incomplete,
    /// A header that cannot be read, or bytes outside a message (what is
    /// wrong); they were dropped.
    Bad(String),
    /// A message over [`MAX_MESSAGE`] bytes, its header removed.
    TooLarge(usize),
    Message(Vec<u8>),
}

/// Takes the next message off the front of `buffer`; one over `max` bytes
/// is skipped. Bytes that are not part of a message are dropped, up to the
/// next `Content-Length` header.
fn next_frame(buffer: &mut Vec<u8>, max: usize) -> Frame {
    const NAME: &[u8] = b"Content-Length";
    let Some(start) = find(buffer, NAME) else {
        if let Some(end) = find(buffer, b"\r\n\r\n") {
            buffer.drain(..end + 4);
            return Frame::Bad("header without Content-Length".into());
        }
        if buffer.len() > MAX_HEADER {
            // Keep what may be the start of the next header.
            buffer.drain(..buffer.len() - (NAME.len() - 1));
            return Frame::Bad("bytes outside a message".into());
        }
        return Frame::Incomplete;
    };
    if start > 0 {
        // Other header lines before it are fine (and dropped: the server
        // only needs the length); anything else was not a message.
        let before = &buffer[..start];
        let header_lines = before.ends_with(b"\r\n") && find(before, b"\r\n\r\n").is_none();
        buffer.drain(..start);
        if !header_lines {
            return Frame::Bad("bytes outside a message".into());
        }
    }
    let Some(end) = find(buffer, b"\r\n\r\n") else {
        if buffer.len() > MAX_HEADER {
            buffer.drain(..NAME.len());
            return Frame::Bad("header too long or not terminated".into());
        }
        return Frame::Incomplete;
    };
    let length = match content_length(&buffer[..end]) {
        Ok(length) => length,
        Err(reason) => {
            buffer.drain(..end + 4);
            return Frame::Bad(reason);
        }
    };
    if length > max {
        buffer.drain(..end + 4);
        return Frame::TooLarge(length);
    }
    if buffer.len() < end + 4 + length {
        return Frame::Incomplete;
    }
    let body = buffer[end + 4..end + 4 + length].to_vec();
    buffer.drain(..end + 4 + length);
    Frame::Message(body)
}

/// The `Content-Length` of a header block, or what is wrong with it.
fn content_length(header: &[u8]) -> Result<usize, String> {
    let header = std::str::from_utf8(header).map_err(|_| "header is not UTF-8".to_string())?;
    let mut length = None;
    for line in header.split("\r\n") {
        let Some((name, value)) = line.split_once(':') else {
            return Err(format!("header line without a colon: {:.40}", line));
        };
        if name.trim().eq_ignore_ascii_case("content-length") {
            let value = value.trim();
            length = Some(
                value
                    .parse::<usize>()
                    .map_err(|_| format!("Content-Length is not a number: {value:.20}"))?,
            );
        }
    }
    length.ok_or_else(|| "header without Content-Length".to_string())
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    memchr::memmem::find(haystack, needle)
}

/// `Ok` if the server can decode `body`, otherwise the error that answers
/// it.
fn check(body: &[u8]) -> Result<(), Vec<u8>> {
    if serde_json::from_slice::<Response>(body).is_ok()
        || serde_json::from_slice::<Request>(body).is_ok()
    {
        return Ok(());
    }
    Err(match serde_json::from_slice::<Value>(body) {
        Err(e) => error(Value::Null, PARSE_ERROR, &format!("not JSON: {e}")),
        Ok(value) => {
            // Answer with the message's own id where it has a usable one.
            let id = match value.get("id") {
                Some(id @ (Value::Number(_) | Value::String(_))) => id.clone(),
                _ => Value::Null,
            };
            let what = if value.is_array() {
                "batches are not part of the language server protocol"
            } else {
                "not a JSON-RPC 2.0 request, notification or response"
            };
            error(id, INVALID_REQUEST, what)
        }
    })
}

/// A JSON-RPC error response.
fn error(id: Value, code: i64, message: &str) -> Vec<u8> {
    json!({ "jsonrpc": "2.0", "id": id, "error": { "code": code, "message": message } })
        .to_string()
        .into_bytes()
}

async fn send<W: AsyncWrite + Unpin + ?Sized>(output: &mut W, body: &[u8]) -> std::io::Result<()> {
    output
        .write_all(format!("Content-Length: {}\r\n\r\n", body.len()).as_bytes())
        .await?;
    output.write_all(body).await?;
    output.flush().await
}

#[cfg(test)]
mod tests {
    use super::*;

    fn frames(mut input: &[u8]) -> Vec<String> {
        let mut buffer = Vec::new();
        let mut out = Vec::new();
        loop {
            match next_frame(&mut buffer, MAX_MESSAGE) {
                Frame::Incomplete if input.is_empty() => return out,
                Frame::Incomplete => {
                    // Byte by byte: a message may arrive in any pieces.
                    buffer.push(input[0]);
                    input = &input[1..];
                }
                Frame::Bad(reason) => out.push(format!("bad: {reason}")),
                Frame::TooLarge(n) => out.push(format!("too large: {n}")),
                Frame::Message(body) => out.push(match check(&body) {
                    Ok(()) => String::from_utf8_lossy(&body).into_owned(),
                    Err(answer) => String::from_utf8_lossy(&answer).into_owned(),
                }),
            }
        }
    }

    #[test]
    fn good_messages_pass_and_bad_ones_become_errors() {
        let frame = |body: &str| format!("Content-Length: {}\r\n\r\n{body}", body.len());
        let good = r#"{"jsonrpc":"2.0","id":1,"method":"shutdown"}"#;
        let stream = [
            frame(good),
            "garbage\r\n\r\n".into(),
            frame("{}"),
            frame("[1, 2, 3]"),
            frame("nope"),
            frame(r#"{"jsonrpc":"2.0","id":7,"method":5}"#),
            "Content-Length: x\r\n\r\n".into(),
            "Content-Type: text/plain\r\n".into(),
            frame(good),
            "stray".into(),
            frame(good),
        ]
        .concat();
        let out = frames(stream.as_bytes());
        assert_eq!(out[0], good);
        assert!(
            out[1].starts_with("bad: header without Content-Length"),
            "{}",
            out[1]
        );
        assert!(
            out[2].contains("-32600") && out[2].contains("\"id\":null"),
            "{}",
            out[2]
        );
        assert!(out[3].contains("batches"), "{}", out[3]);
        assert!(out[4].contains("-32700"), "{}", out[4]);
        assert!(
            out[5].contains("\"id\":7") && out[5].contains("-32600"),
            "{}",
            out[5]
        );
        assert!(
            out[6].starts_with("bad: Content-Length is not a number"),
            "{}",
            out[6]
        );
        assert_eq!(out[7], good);
        assert!(
            out[8].starts_with("bad: bytes outside a message"),
            "{}",
            out[8]
        );
        assert_eq!(out[9], good);
        assert_eq!(out.len(), 10);
    }

    #[test]
    fn oversized_messages_are_skipped() {
        let mut buffer = format!("Content-Length: {}\r\n\r\n{{", MAX_MESSAGE + 1).into_bytes();
        assert!(
            matches!(next_frame(&mut buffer, MAX_MESSAGE), Frame::TooLarge(n) if n == MAX_MESSAGE + 1)
        );
        assert_eq!(buffer, b"{");
    }

    /// The answer to a message over the limit goes out at once, even when
    /// the client's stream ends before the message would.
    #[test]
    fn an_oversized_message_is_answered_before_it_is_skipped() {
        let input = format!("Content-Length: {}\r\n\r\n{{", MAX_MESSAGE + 1).into_bytes();
        let (errors, mut answers) = tokio::sync::mpsc::unbounded_channel();
        let runtime = tokio::runtime::Builder::new_current_thread()
            .build()
            .expect("runtime");
        let read = runtime.block_on(forward(&input[..], tokio::io::sink(), errors));
        assert!(read.is_ok());
        let answer = answers.try_recv().expect("an answer");
        let answer = String::from_utf8_lossy(&answer);
        assert!(
            answer.contains("-32600") && answer.contains("is larger than"),
            "{answer}"
        );
    }
}
