//! Stopping without failing anyone: on SIGTERM (or Ctrl-C) a server closes its
//! listening socket first, so a proxy's next connection is refused and goes to
//! another server (refused is safe to retry, even for a form post), then lets the
//! requests it has taken finish.

use axum::serve::Listener;
use std::net::SocketAddr;
use std::task::Poll;
use std::time::Duration;
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::watch;

/// Between closing the socket and closing idle connections: long enough for a
/// request whose connection was just taken to arrive on it.
pub const CLOSING_GRACE: Duration = Duration::from_millis(500);

/// A TCP listener that drops its socket once `closed` turns true, and from then
/// on takes no connection.
pub struct ClosingListener {
    listener: Option<TcpListener>,
    address: std::io::Result<SocketAddr>,
    closed: watch::Receiver<bool>,
}

impl ClosingListener {
    pub fn new(listener: TcpListener, closed: watch::Receiver<bool>) -> Self {
        ClosingListener {
            address: listener.local_addr(),
            listener: Some(listener),
            closed,
        }
    }
}

impl Listener for ClosingListener {
    type Io = TcpStream;
    type Addr = SocketAddr;

    async fn accept(&mut self) -> (TcpStream, SocketAddr) {
        loop {
            let Some(listener) = self.listener.as_mut() else {
                return std::future::pending().await;
            };
            if *self.closed.borrow() {
                // Connections the kernel completed already would be reset with the
                // socket: take (and serve) every one waiting, then close it.
                let waiting = std::future::poll_fn(|cx| Poll::Ready(listener.poll_accept(cx)));
                match waiting.await {
                    Poll::Ready(Ok(connection)) => return connection,
                    Poll::Ready(Err(_)) | Poll::Pending => {
                        self.listener = None;
                        continue;
                    }
                }
            }
            tokio::select! {
                biased;
                // Closed, or nobody left to say so: either way, stop taking.
                _ = self.closed.wait_for(|closed| *closed) => {}
                accepted = Listener::accept(listener) => return accepted,
            }
        }
    }

    fn local_addr(&self) -> std::io::Result<SocketAddr> {
        match &self.address {
            Ok(address) => Ok(*address),
            Err(error) => Err(std::io::Error::new(error.kind(), error.to_string())),
        }
    }
}

pub async fn shutdown_signal() {
    let ctrl_c = async {
        if tokio::signal::ctrl_c().await.is_err() {
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
    tracing::info!("shutting down: refusing new connections, finishing requests in flight");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn once_closed_new_connections_are_refused() {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let address = listener.local_addr().unwrap();
        let (closing, closed) = watch::channel(false);
        let mut listening = ClosingListener::new(listener, closed);
        let connecting = tokio::spawn(TcpStream::connect(address));
        let (_taken, _) = listening.accept().await;
        assert!(connecting.await.unwrap().is_ok());

        closing.send(true).unwrap();
        let waiting = tokio::time::timeout(Duration::from_millis(100), listening.accept()).await;
        assert!(waiting.is_err(), "a closed listener takes nothing");
        assert!(
            TcpStream::connect(address).await.is_err(),
            "the socket is closed: connections are refused"
        );
    }

    #[tokio::test]
    async fn connections_waiting_as_it_closes_are_taken_not_reset() {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let address = listener.local_addr().unwrap();
        let (closing, closed) = watch::channel(false);
        let mut listening = ClosingListener::new(listener, closed);
        // Completed by the kernel, not yet taken.
        let _waiting = TcpStream::connect(address).await.unwrap();
        closing.send(true).unwrap();
        let taken = tokio::time::timeout(Duration::from_secs(1), listening.accept()).await;
        assert!(taken.is_ok(), "the waiting connection is served");
        let next = tokio::time::timeout(Duration::from_millis(100), listening.accept()).await;
        assert!(next.is_err(), "then nothing more is taken");
        assert!(TcpStream::connect(address).await.is_err());
    }
}
