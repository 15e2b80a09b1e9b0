//! The open connections: how many each client holds, which of them are idle, and which to close
//! when there are too many, so that clients holding idle sockets cannot starve the ones that
//! send requests.
//!
//! A connection is *busy* while a request of it is being answered (from the moment its header
//! is read until hyper has taken the whole answer's body) or while an answer waits for the client
//! to read it; otherwise it is *idle*: just opened, reading a header, or kept alive between
//! requests. A busy connection is never closed here.
//!
//! Invariants:
//! - A client (an IPv4 address, or an IPv6 /64 network) holds at most
//!   [`MAX_CONNECTIONS_PER_CLIENT`] connections and all clients together at most
//!   [`MAX_CONNECTIONS`]. A connection past either bound closes the least recently active idle
//!   connection within that bound (of the same client, or of anyone), so a new connection is
//!   refused (closed at once) only when every connection within the bound is busy.
//! - A connection whose client has sent bytes the server has not read yet (a request on its way)
//!   is not closed as idle: a student who has just sent a request is not cut off in favour of a
//!   socket that sent nothing.
//! - Under pressure (more than [`PRESSURE_CONNECTIONS`] open), an idle connection is closed once
//!   it has been idle for [`PRESSURE_IDLE`]: a kept-alive connection, or one still sending its
//!   header, gets that long instead of the read timeout.
//! - The registry is one mutex held for a scan of at most a few hundred entries, never across an
//!   `await`.

use std::collections::HashMap;
use std::io::IoSlice;
use std::net::{IpAddr, Ipv6Addr};
use std::pin::Pin;
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::task::{Context, Poll};
use std::time::Instant;

use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::TcpStream;
use tokio::sync::Notify;

use super::limits::{
    MAX_CONNECTIONS, MAX_CONNECTIONS_PER_CLIENT, PRESSURE_CONNECTIONS, PRESSURE_IDLE, PRESSURE_TICK,
};
use super::peer::Peer;

/// One connection's state, shared by the registry, its I/O ([`Tracked`]) and its requests.
#[derive(Debug)]
pub struct Ticket {
    /// The registry's clock origin.
    epoch: Instant,
    /// Requests being answered (hyper answers one at a time; a count keeps it simple).
    in_flight: AtomicUsize,
    /// The last write to the socket could not complete: an answer waits for the client to read.
    write_blocked: AtomicBool,
    /// Milliseconds since `epoch` when the connection last became idle (opened, or answered).
    idle_since: AtomicU64,
    /// Milliseconds since `epoch` of the last sign of life: bytes read, an answer's part
    /// produced, or becoming idle.
    active: AtomicU64,
    /// Told when the registry closes the connection.
    close: Notify,
}

impl Ticket {
    fn new(epoch: Instant) -> Ticket {
        let now = millis_since(epoch);
        Ticket {
            epoch,
            in_flight: AtomicUsize::new(0),
            write_blocked: AtomicBool::new(false),
            idle_since: AtomicU64::new(now),
            active: AtomicU64::new(now),
            close: Notify::new(),
        }
    }

    fn now(&self) -> u64 {
        millis_since(self.epoch)
    }

    /// Records a sign of life.
    pub fn touch(&self) {
        self.active.store(self.now(), Ordering::Relaxed);
    }

    /// Marks a request as being answered until the returned guard drops.
    pub fn begin(self: &Arc<Self>) -> Busy {
        self.in_flight.fetch_add(1, Ordering::SeqCst);
        self.touch();
        Busy(self.clone())
    }

    /// Whether an answer waits for the client to read it.
    pub fn write_blocked(&self) -> bool {
        self.write_blocked.load(Ordering::SeqCst)
    }

    /// Idle: no request being answered and no answer waiting to be read.
    fn idle(&self) -> bool {
        self.in_flight.load(Ordering::SeqCst) == 0 && !self.write_blocked()
    }

    /// Resolves when the registry has closed this connection.
    pub async fn closed(&self) {
        self.close.notified().await;
    }
}

/// A request being answered; dropping it makes the connection idle again (when it was the
/// last).
#[derive(Debug)]
pub struct Busy(Arc<Ticket>);

impl Busy {
    /// Records a sign of life (a part of the answer produced).
    pub fn touch(&self) {
        self.0.touch();
    }
}

impl Drop for Busy {
    fn drop(&mut self) {
        let now = self.0.now();
        self.0.idle_since.store(now, Ordering::SeqCst);
        self.0.active.store(now, Ordering::SeqCst);
        self.0.in_flight.fetch_sub(1, Ordering::SeqCst);
    }
}

fn millis_since(epoch: Instant) -> u64 {
    u64::try_from(epoch.elapsed().as_millis()).unwrap_or(u64::MAX)
}

/// The client a connection counts against: its IPv4 address, or its IPv6 address's /64
/// network (one machine may use many addresses of its /64); an IPv4 address mapped into IPv6
/// (a server bound to `::`) counts as the IPv4 address.
///
/// ```ignore
/// assert_eq!(client_of("2001:db8::1".parse()?), client_of("2001:db8::2".parse()?));
/// ```
pub fn client_of(ip: IpAddr) -> IpAddr {
    match ip.to_canonical() {
        IpAddr::V6(v6) => {
            let s = v6.segments();
            IpAddr::V6(Ipv6Addr::new(s[0], s[1], s[2], s[3], 0, 0, 0, 0))
        }
        v4 => v4,
    }
}

/// One open connection in the registry.
#[derive(Debug)]
struct Entry {
    client: IpAddr,
    ticket: Arc<Ticket>,
    /// A second handle on the socket, to see whether the client has sent unread bytes.
    peer: Option<Peer>,
}

impl Entry {
    /// Idle, and without unread bytes from the client.
    fn closable(&self) -> bool {
        self.ticket.idle() && !self.peer.as_ref().is_some_and(Peer::has_unread)
    }
}

#[derive(Debug, Default)]
struct Registry {
    next_id: u64,
    open: HashMap<u64, Entry>,
    per_client: HashMap<IpAddr, usize>,
}

impl Registry {
    /// Removes a connection; its entry when it was still registered.
    fn remove(&mut self, id: u64) -> Option<Entry> {
        let e = self.open.remove(&id)?;
        if let Some(n) = self.per_client.get_mut(&e.client) {
            *n -= 1;
            if *n == 0 {
                self.per_client.remove(&e.client);
            }
        }
        Some(e)
    }

    /// Removes a connection and tells its task to close it.
    fn close(&mut self, id: u64) {
        if let Some(e) = self.remove(id) {
            e.ticket.close.notify_one();
        }
    }

    /// The least recently active closable connection (of `client`, or of anyone).
    fn least_active_idle(&self, client: Option<IpAddr>) -> Option<u64> {
        let mut idle: Vec<(u64, u64)> = self
            .open
            .iter()
            .filter(|(_, e)| client.is_none_or(|c| e.client == c) && e.ticket.idle())
            .map(|(id, e)| (e.ticket.active.load(Ordering::Relaxed), *id))
            .collect();
        idle.sort_unstable();
        // Looking at the socket is a system call: only as far as the first one without
        // unread bytes.
        idle.into_iter()
            .map(|(_, id)| id)
            .find(|id| self.open.get(id).is_some_and(Entry::closable))
    }
}

/// Every open connection of one server.
#[derive(Debug)]
pub struct Connections {
    epoch: Instant,
    registry: Mutex<Registry>,
}

/// A connection's place in the registry; dropping it (the connection ended) frees the place.
#[derive(Debug)]
pub struct Registration {
    connections: Arc<Connections>,
    id: u64,
}

impl Drop for Registration {
    fn drop(&mut self) {
        self.connections.lock().remove(self.id);
    }
}

impl Connections {
    /// An empty registry.
    pub fn new() -> Arc<Connections> {
        Connections::since(Instant::now())
    }

    /// An empty registry whose clock starts at `epoch`.
    fn since(epoch: Instant) -> Arc<Connections> {
        Arc::new(Connections {
            epoch,
            registry: Mutex::new(Registry::default()),
        })
    }

    fn lock(&self) -> MutexGuard<'_, Registry> {
        self.registry.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// A new connection's ticket (before it is admitted: its [`Peer`] holds it too).
    pub fn ticket(&self) -> Arc<Ticket> {
        Arc::new(Ticket::new(self.epoch))
    }

    /// Admits a connection from `ip`, closing the least recently active idle connection of the
    /// same client, or of anyone, when a bound is reached; `None` (close the new one at once)
    /// when every connection within the bound is busy.
    pub fn admit(
        self: &Arc<Self>,
        ip: IpAddr,
        ticket: Arc<Ticket>,
        peer: Option<Peer>,
    ) -> Option<Registration> {
        let client = client_of(ip);
        let mut reg = self.lock();
        if reg.per_client.get(&client).copied().unwrap_or(0) >= MAX_CONNECTIONS_PER_CLIENT {
            let victim = reg.least_active_idle(Some(client))?;
            reg.close(victim);
        }
        if reg.open.len() >= MAX_CONNECTIONS {
            let victim = reg.least_active_idle(None)?;
            reg.close(victim);
        }
        let id = reg.next_id;
        reg.next_id += 1;
        reg.open.insert(
            id,
            Entry {
                client,
                ticket,
                peer,
            },
        );
        *reg.per_client.entry(client).or_default() += 1;
        Some(Registration {
            connections: self.clone(),
            id,
        })
    }

    /// Under pressure, closes every connection idle for longer than [`PRESSURE_IDLE`]; returns
    /// how many it closed.
    pub fn reap(&self) -> usize {
        let mut reg = self.lock();
        if reg.open.len() <= PRESSURE_CONNECTIONS {
            return 0;
        }
        let now = millis_since(self.epoch);
        let limit = u64::try_from(PRESSURE_IDLE.as_millis()).unwrap_or(u64::MAX);
        let stale: Vec<u64> = reg
            .open
            .iter()
            .filter(|(_, e)| {
                now.saturating_sub(e.ticket.idle_since.load(Ordering::SeqCst)) >= limit
                    && e.closable()
            })
            .map(|(id, _)| *id)
            .collect();
        for id in &stale {
            reg.close(*id);
        }
        stale.len()
    }

    /// Runs [`Connections::reap`] every [`PRESSURE_TICK`], for the server's life.
    pub async fn reap_forever(self: Arc<Self>) {
        let mut tick = tokio::time::interval(PRESSURE_TICK);
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Skip);
        loop {
            tick.tick().await;
            self.reap();
        }
    }

    /// Open connections (all clients).
    #[cfg(test)]
    fn open(&self) -> usize {
        self.lock().open.len()
    }
}

/// A connection's socket as hyper reads and writes it, recording signs of life and whether an
/// answer waits for the client to read it.
#[derive(Debug)]
pub struct Tracked {
    stream: TcpStream,
    ticket: Arc<Ticket>,
}

impl Tracked {
    /// Wraps `stream`, recording into `ticket`.
    pub fn new(stream: TcpStream, ticket: Arc<Ticket>) -> Tracked {
        Tracked { stream, ticket }
    }

    fn wrote<T>(&self, r: Poll<std::io::Result<T>>) -> Poll<std::io::Result<T>> {
        self.ticket
            .write_blocked
            .store(r.is_pending(), Ordering::SeqCst);
        if r.is_ready() {
            self.ticket.touch();
        }
        r
    }
}

impl AsyncRead for Tracked {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<std::io::Result<()>> {
        let before = buf.filled().len();
        let r = Pin::new(&mut self.stream).poll_read(cx, buf);
        if matches!(r, Poll::Ready(Ok(()))) && buf.filled().len() > before {
            self.ticket.touch();
        }
        r
    }
}

impl AsyncWrite for Tracked {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<std::io::Result<usize>> {
        let r = Pin::new(&mut self.stream).poll_write(cx, buf);
        self.wrote(r)
    }

    fn poll_write_vectored(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[IoSlice<'_>],
    ) -> Poll<std::io::Result<usize>> {
        let r = Pin::new(&mut self.stream).poll_write_vectored(cx, bufs);
        self.wrote(r)
    }

    fn is_write_vectored(&self) -> bool {
        self.stream.is_write_vectored()
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        let r = Pin::new(&mut self.stream).poll_flush(cx);
        self.wrote(r)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.stream).poll_shutdown(cx)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::future::Future;

    fn ip(text: &str) -> IpAddr {
        text.parse().unwrap_or(IpAddr::V6(Ipv6Addr::UNSPECIFIED))
    }

    /// Whether the registry has told this connection to close.
    fn told_to_close(t: &Ticket) -> bool {
        let mut f = std::pin::pin!(t.closed());
        let mut cx = Context::from_waker(std::task::Waker::noop());
        f.as_mut().poll(&mut cx).is_ready()
    }

    /// Admits a connection from `text`, returning its ticket and place.
    fn open(c: &Arc<Connections>, text: &str) -> (Arc<Ticket>, Option<Registration>) {
        let t = c.ticket();
        let r = c.admit(ip(text), t.clone(), None);
        (t, r)
    }

    #[test]
    fn clients_are_addresses_or_ipv6_networks() {
        assert_eq!(
            client_of(ip("2001:db8::1")),
            client_of(ip("2001:db8::ffff:2"))
        );
        assert_ne!(
            client_of(ip("2001:db8:0:1::1")),
            client_of(ip("2001:db8::1"))
        );
        assert_eq!(client_of(ip("::ffff:10.0.0.7")), ip("10.0.0.7"));
        assert_ne!(client_of(ip("127.0.0.1")), client_of(ip("127.0.0.2")));
    }

    #[test]
    fn a_full_client_loses_an_idle_connection_never_a_busy_one() {
        let c = Connections::new();
        let held: Vec<_> = (0..MAX_CONNECTIONS_PER_CLIENT)
            .map(|_| open(&c, "10.0.0.1"))
            .collect();
        assert!(held.iter().all(|(_, r)| r.is_some()));
        // All but the first are busy: the first is closed for a newcomer.
        let busy: Vec<Busy> = held[1..].iter().map(|(t, _)| t.begin()).collect();
        let (newcomer, place) = open(&c, "10.0.0.1");
        assert!(place.is_some());
        assert!(told_to_close(&held[0].0));
        assert!(!held[1..].iter().any(|(t, _)| told_to_close(t)));
        assert_eq!(c.open(), MAX_CONNECTIONS_PER_CLIENT);
        // Another client is not affected by the first one's bound.
        let (other, other_place) = open(&c, "10.0.0.2");
        assert!(other_place.is_some() && !told_to_close(&other));
        // The newcomer busy too: every connection of the client is busy, a new one is refused.
        let also = newcomer.begin();
        assert!(open(&c, "10.0.0.1").1.is_none());
        // A finished answer makes its connection idle again, and closable.
        drop(also);
        assert!(open(&c, "10.0.0.1").1.is_some());
        assert!(told_to_close(&newcomer));
        drop(busy);
    }

    #[test]
    fn the_least_recently_active_idle_connection_goes_first() {
        let c = Connections::new();
        let held: Vec<_> = (0..MAX_CONNECTIONS_PER_CLIENT)
            .map(|_| open(&c, "10.0.0.1"))
            .collect();
        // Make the first one the most recently active: a later one (the oldest of the others)
        // is closed instead. Activity is in milliseconds: wait one so that it is later.
        std::thread::sleep(std::time::Duration::from_millis(2));
        held[0].0.touch();
        assert!(open(&c, "10.0.0.1").1.is_some());
        assert!(!told_to_close(&held[0].0));
        assert_eq!(held.iter().filter(|(t, _)| told_to_close(t)).count(), 1);
    }

    #[test]
    fn the_total_bound_takes_an_idle_connection_of_anyone() {
        let c = Connections::new();
        let mut held = Vec::new();
        for k in 0..MAX_CONNECTIONS {
            held.push(open(&c, &format!("10.0.{}.{}", k / 200, k % 200 + 1)));
        }
        assert_eq!(c.open(), MAX_CONNECTIONS);
        let busy: Vec<Busy> = held[..MAX_CONNECTIONS - 1]
            .iter()
            .map(|(t, _)| t.begin())
            .collect();
        // The only idle one is the last: it makes room for a new client.
        let (_newcomer, place) = open(&c, "10.9.9.9");
        assert!(place.is_some());
        assert!(told_to_close(&held[MAX_CONNECTIONS - 1].0));
        assert_eq!(c.open(), MAX_CONNECTIONS);
        drop(busy);
    }

    #[test]
    fn under_pressure_idle_connections_are_reaped() {
        // A clock started 10 s ago, so that "idle since its start" is idle for 10 s.
        let ten = std::time::Duration::from_secs(10);
        let c = Connections::since(Instant::now().checked_sub(ten).unwrap_or_else(Instant::now));
        let held: Vec<_> = (0..=PRESSURE_CONNECTIONS)
            .map(|k| open(&c, &format!("10.1.{}.{}", k / 200, k % 200 + 1)))
            .collect();
        // Nobody has been idle for PRESSURE_IDLE yet.
        assert_eq!(c.reap(), 0);
        // Half of them idle since long ago (as if opened before the registry's clock started),
        // one of those busy now.
        for (t, _) in held.iter().step_by(2) {
            t.idle_since.store(0, Ordering::SeqCst);
        }
        let busy = held[0].0.begin();
        let stale = held.len().div_ceil(2) - 1;
        assert_eq!(c.reap(), stale);
        assert!(!told_to_close(&held[0].0));
        assert!(held[1..].iter().step_by(2).all(|(t, _)| !told_to_close(t)));
        // Below the pressure mark nothing more is reaped, however long idle.
        assert!(c.open() <= PRESSURE_CONNECTIONS);
        assert_eq!(c.reap(), 0);
        drop(busy);
    }
}
