//! Noticing a client that went away while its computation runs, so that the computation is
//! stopped at once instead of at the end of its budget (a student who retypes a formula aborts
//! the page's previous request; its child process must not keep a slot).
//!
//! hyper does not read a connection while its request is being answered (the server lets a
//! client half-close), so each connection keeps a second handle on its socket ([`Peer`]) that
//! the handler watches. The handler watches only after the whole body is read, so the socket
//! holds nothing of the request; if the client sends more (a pipelined request), watching stops
//! and the request runs to its end or budget as usual.
//!
//! End of stream alone does not say the client is gone: a client may shut down its writing side
//! after a complete request and still read the answer (`shutdown(SHUT_WR)`). Only writing tells
//! the two apart, so at end of stream the watcher writes an interim `HTTP/1.1 100 Continue`
//! (which every HTTP/1.1 client must accept and skip before the answer): a client that closed
//! its socket answers it with a reset, and only then is it gone; a half-closed one reads the
//! 100, then its answer.
//!
//! Invariant: a connection's second handle lives no longer than the connection's service.

use std::convert::Infallible;
use std::future::Future;
use std::mem::MaybeUninit;
use std::pin::Pin;
use std::sync::Arc;
use std::time::Duration;

use axum::body::Body;
use axum::extract::Request;
use axum::response::Response;
use axum::Router;
use http_body_util::BodyExt;
use hyper::body::Incoming;
use tokio::net::TcpStream;
use tower::util::ServiceExt;

use super::conns::Ticket;

/// A second handle on a connection's socket, put in each request's extensions, with the
/// connection's [`Ticket`].
#[derive(Debug, Clone)]
pub struct Peer(Arc<TcpStream>, Arc<Ticket>);

impl Peer {
    /// Splits an accepted stream into the stream for hyper and a [`Peer`] to watch it; `None`
    /// when the socket cannot be duplicated (out of file descriptors): the connection still
    /// works, only without early cancellation.
    ///
    /// ```ignore
    /// let (stream, peer) = Peer::split(stream, ticket)?;
    /// ```
    pub fn split(
        stream: TcpStream,
        ticket: Arc<Ticket>,
    ) -> std::io::Result<(TcpStream, Option<Peer>)> {
        let std = stream.into_std()?;
        let watch = std
            .try_clone()
            .ok()
            .and_then(|c| TcpStream::from_std(c).ok());
        Ok((
            TcpStream::from_std(std)?,
            watch.map(|w| Peer(Arc::new(w), ticket)),
        ))
    }

    /// Whether the client has sent bytes that nobody has read yet (a request on its way).
    pub fn has_unread(&self) -> bool {
        let mut byte = [MaybeUninit::<u8>::uninit(); 1];
        // The socket is non-blocking (tokio's): an empty queue is an error, not a wait.
        matches!(socket2::SockRef::from(&*self.0).peek(&mut byte), Ok(n) if n > 0)
    }

    /// Resolves when the client has closed or reset the connection; never while it only
    /// half-closed it, nor once it has sent more bytes.
    pub async fn gone(&self) {
        let mut byte = [0u8; 1];
        match self.0.peek(&mut byte).await {
            Err(_) => return,
            Ok(0) => {}
            Ok(_) => std::future::pending::<()>().await,
        }
        // End of stream: closed, or half-closed by a client that still reads. While an earlier
        // answer still waits in the server's buffer, a probe would land inside it: no probe,
        // the computation runs to its end or budget.
        if self.1.write_blocked() {
            std::future::pending::<()>().await;
        }
        if self.probe().await.is_err() {
            return;
        }
        let mut wait = FIRST_LOOK;
        loop {
            tokio::time::sleep(wait).await;
            // A closed socket answered the probe with a reset, which the system keeps as the
            // socket's pending error.
            if !matches!(self.0.take_error(), Ok(None)) {
                return;
            }
            wait = (wait * 2).min(LAST_LOOK);
        }
    }

    /// Writes [`PROBE`] to the client.
    async fn probe(&self) -> std::io::Result<()> {
        let mut left = PROBE;
        while !left.is_empty() {
            self.0.writable().await?;
            match self.0.try_write(left) {
                Ok(n) => left = &left[n..],
                Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => {}
                Err(e) => return Err(e),
            }
        }
        Ok(())
    }
}

/// The interim answer written to a client whose stream ended, to learn whether it still reads.
const PROBE: &[u8] = b"HTTP/1.1 100 Continue\r\n\r\n";
/// First wait after the probe for the client's reset (a round trip on loopback is microseconds).
const FIRST_LOOK: Duration = Duration::from_millis(5);
/// Longest wait between two looks for the reset, while the computation runs.
const LAST_LOOK: Duration = Duration::from_millis(500);

/// The router as one connection's hyper service: each request gets the connection's [`Peer`],
/// and marks the connection busy ([`Ticket::begin`]) until hyper has taken its answer's body.
#[derive(Debug, Clone)]
pub struct WithPeer {
    /// The application.
    pub router: Router,
    /// The connection's second handle, if any.
    pub peer: Option<Peer>,
    /// The connection's state in the registry.
    pub ticket: Arc<Ticket>,
}

impl hyper::service::Service<Request<Incoming>> for WithPeer {
    type Response = Response;
    type Error = Infallible;
    type Future = Pin<Box<dyn Future<Output = Result<Response, Infallible>> + Send>>;

    fn call(&self, mut req: Request<Incoming>) -> Self::Future {
        if let Some(p) = &self.peer {
            req.extensions_mut().insert(p.clone());
        }
        let busy = self.ticket.begin();
        let answer = self.router.clone().oneshot(req);
        Box::pin(async move {
            let response = answer.await?;
            // The guard lives in the body, so it drops when hyper is done with the body.
            Ok(response.map(|body| {
                Body::new(body.map_frame(move |frame| {
                    busy.touch();
                    frame
                }))
            }))
        })
    }
}
