//! The preview server: answers from the site held in memory, on loopback
//! unless told otherwise, with the site's 404 page, folder index pages,
//! correct content types, no way out of the site, and a stream of reload
//! events for open pages.

use super::Served;
use std::io::Write;
use std::sync::mpsc::{Receiver, RecvTimeoutError};
use std::sync::Arc;
use std::time::Duration;
use tiny_http::{Header, Method, Request, Response};

/// Address of the reload event stream.
pub const EVENTS_PATH: &str = "/__cpsite/events";

/// Added to every HTML page in serve mode only: reload on the server's word.
const RELOAD_SCRIPT: &str = "<script>(()=>{const s=new EventSource(\"/__cpsite/events\");s.addEventListener(\"reload\",()=>location.reload());})();</script>";

/// Serves requests until the server stops.
pub fn run(server: tiny_http::Server, served: Arc<Served>) {
    for request in server.incoming_requests() {
        let served = Arc::clone(&served);
        std::thread::spawn(move || handle(request, &served));
    }
}

/// A response header; `None` for a value that cannot be sent (a redirect
/// to an address with bytes no header may hold is then simply not made).
fn header(name: &str, value: &str) -> Option<Header> {
    Header::from_bytes(name.as_bytes(), value.as_bytes()).ok()
}

fn handle(request: Request, served: &Served) {
    if !matches!(request.method(), Method::Get | Method::Head) {
        let mut response = Response::from_string("only GET and HEAD").with_status_code(405);
        if let Some(allow) = header("Allow", "GET, HEAD") {
            response = response.with_header(allow);
        }
        let _ = request.respond(response);
        return;
    }
    let url = request.url().to_string();
    if url.split('?').next() == Some(EVENTS_PATH) {
        stream_events(request.into_writer(), served.subscribe());
        return;
    }
    let answer = resolve(&url, served);
    let head = request.method() == &Method::Head;
    let mut response = Response::from_data(if head { Vec::new() } else { answer.body })
        .with_status_code(answer.status);
    let headers = [
        header("Cache-Control", "no-store"),
        answer
            .content_type
            .and_then(|value| header("Content-Type", value)),
        answer.location.and_then(|value| header("Location", &value)),
    ];
    for header in headers.into_iter().flatten() {
        response = response.with_header(header);
    }
    let _ = request.respond(response);
}

/// What to answer to a path.
pub struct Answer {
    pub status: u16,
    pub content_type: Option<&'static str>,
    pub location: Option<String>,
    pub body: Vec<u8>,
}

/// Resolves a request path against the served site.
pub fn resolve(url: &str, served: &Served) -> Answer {
    let path = url.split(['?', '#']).next().unwrap_or("/");
    let Some(decoded) = percent_decode(path) else {
        return plain(
            400,
            "bad request: the address is not valid UTF-8 after decoding",
        );
    };
    if decoded.contains(['\\', '\0'])
        || decoded
            .split('/')
            .any(|segment| segment == ".." || segment == ".")
    {
        return plain(400, "bad request: the address leaves the site");
    }
    let mut inside = decoded.trim_start_matches('/').to_string();
    if inside.is_empty() || inside.ends_with('/') {
        inside.push_str("index.html");
    }
    if let Some(bytes) = served.file(&inside) {
        return Answer {
            status: 200,
            content_type: Some(content_type(&inside)),
            location: None,
            body: served.decorate(&inside, &bytes),
        };
    }
    if served.file(&format!("{inside}/index.html")).is_some() {
        return Answer {
            status: 301,
            content_type: None,
            location: Some(format!("{path}/")),
            body: Vec::new(),
        };
    }
    let body = served
        .file("404.html")
        .map(|bytes| served.decorate("404.html", &bytes))
        .unwrap_or_else(|| {
            served.decorate(
                "404.html",
                b"<!DOCTYPE html><title>Not found</title><h1>Not found</h1>",
            )
        });
    Answer {
        status: 404,
        content_type: Some("text/html; charset=utf-8"),
        location: None,
        body,
    }
}

fn plain(status: u16, text: &str) -> Answer {
    Answer {
        status,
        content_type: Some("text/plain; charset=utf-8"),
        location: None,
        body: text.as_bytes().to_vec(),
    }
}

/// Decodes `%xx` escapes; `None` if they do not make UTF-8.
pub fn percent_decode(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// Content type by file extension; text types in UTF-8.
pub fn content_type(path: &str) -> &'static str {
    let extension = path.rsplit('.').next().unwrap_or("").to_ascii_lowercase();
    match extension.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" => "application/json; charset=utf-8",
        "xml" => "application/xml; charset=utf-8",
        "csv" => "text/csv; charset=utf-8",
        "txt" => "text/plain; charset=utf-8",
        "svg" => "image/svg+xml; charset=utf-8",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "ico" => "image/x-icon",
        "pdf" => "application/pdf",
        "woff2" => "font/woff2",
        _ => "application/octet-stream",
    }
}

/// Writes a server-sent event stream by hand, flushing every event at once
/// (a buffered response would hold the events back), until the page closes.
fn stream_events(mut out: Box<dyn Write + Send>, events: Receiver<String>) {
    let head = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream; charset=utf-8\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n: connected\n\n";
    if out
        .write_all(head.as_bytes())
        .and_then(|_| out.flush())
        .is_err()
    {
        return;
    }
    loop {
        let message = match events.recv_timeout(Duration::from_secs(15)) {
            Ok(event) => format!("event: {event}\ndata: {event}\n\n"),
            // A comment keeps the stream open and finds closed pages.
            Err(RecvTimeoutError::Timeout) => ": keep-alive\n\n".to_string(),
            Err(RecvTimeoutError::Disconnected) => return,
        };
        if out
            .write_all(message.as_bytes())
            .and_then(|_| out.flush())
            .is_err()
        {
            return;
        }
    }
}

/// The reload script, and the error overlay when the last build failed,
/// added before `</body>` of an HTML page.
pub fn inject(html: &[u8], overlay: Option<&str>) -> Vec<u8> {
    let text = String::from_utf8_lossy(html);
    let addition = format!("{}{RELOAD_SCRIPT}", overlay.unwrap_or_default());
    match text.rfind("</body>") {
        Some(at) => format!("{}{addition}{}", &text[..at], &text[at..]).into_bytes(),
        None => format!("{text}{addition}").into_bytes(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decoding() {
        assert_eq!(percent_decode("/a%20b/").as_deref(), Some("/a b/"));
        assert_eq!(percent_decode("/%2e%2e/").as_deref(), Some("/../"));
        assert_eq!(percent_decode("/%E6%9D%B1").as_deref(), Some("/東"));
        assert_eq!(percent_decode("/%ff"), None);
        assert_eq!(percent_decode("/100%").as_deref(), Some("/100%"));
    }
}
