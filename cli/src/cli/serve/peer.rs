//! Noticing a client that went away while its computation runs, so that the computation is
//! stopped at once instead of at the end of its budget (a student who retypes a formula aborts
//! the page's previous request; its child process must not keep a slot).
//!
//! hyper does not read a connection while its request is being answered, so each connection keeps
//! a second handle on its socket ([`Peer`]) that the handler watches: end of stream or a reset
//! means the client is gone. The handler watches only after the whole body is read, so the
//! socket holds nothing of the request; if the client sends more (a pipelined request), watching
//! stops and the request runs to its end or budget as usual.
//!
//! Invariant: a connection's second handle lives no longer than the connection's service.

use std::convert::Infallible;
use std::sync::Arc;

use axum::extract::Request;
use axum::Router;
use hyper::body::Incoming;
use tokio::net::TcpStream;
use tower::util::{Oneshot, ServiceExt};

/// A second handle on a connection's socket, put in each request's extensions.
#[derive(Debug, Clone)]
pub struct Peer(Arc<TcpStream>);

impl Peer {
    /// Splits an accepted stream into the stream for hyper and a [`Peer`] to watch it; `None`
    /// when the socket cannot be duplicated (out of file descriptors): the connection still
    /// works, only without early cancellation.
    ///
    /// ```ignore
    /// let (stream, peer) = Peer::split(stream)?;
    /// ```
    pub fn split(stream: TcpStream) -> std::io::Result<(TcpStream, Option<Peer>)> {
        let std = stream.into_std()?;
        let watch = std
            .try_clone()
            .ok()
            .and_then(|c| TcpStream::from_std(c).ok());
        Ok((TcpStream::from_std(std)?, watch.map(|w| Peer(Arc::new(w)))))
    }

    /// Resolves when the client has closed or reset the connection; never, once the client has
    /// sent more bytes.
    pub async fn gone(&self) {
        let mut byte = [0u8; 1];
        match self.0.peek(&mut byte).await {
            Ok(0) | Err(_) => {}
            Ok(_) => std::future::pending::<()>().await,
        }
    }
}

/// The router as one connection's hyper service: each request gets the connection's [`Peer`].
#[derive(Debug, Clone)]
pub struct WithPeer {
    /// The application.
    pub router: Router,
    /// The connection's second handle, if any.
    pub peer: Option<Peer>,
}

impl hyper::service::Service<Request<Incoming>> for WithPeer {
    type Response = axum::response::Response;
    type Error = Infallible;
    type Future = Oneshot<Router, Request<Incoming>>;

    fn call(&self, mut req: Request<Incoming>) -> Self::Future {
        if let Some(p) = &self.peer {
            req.extensions_mut().insert(p.clone());
        }
        self.router.clone().oneshot(req)
    }
}
