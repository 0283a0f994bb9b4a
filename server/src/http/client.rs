//! Who the client is, for throttling: the connection's peer, unless that peer is a
//! trusted proxy, whose forwarded header then says who it spoke for.
//!
//! Anyone can send a forwarded header, and a proxy appends to whatever it received:
//! only the entries added by proxies we trust are believed. The header is walked
//! from its right (the entry the nearest proxy added) past trusted proxies; the
//! first address that is not one is the client, whatever its left says.

use http::{HeaderMap, HeaderName};
use ipnet::{IpNet, Ipv6Net};
use std::net::{IpAddr, Ipv6Addr, SocketAddr};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

/// Headers proxies use to forward the client's address; seen without a trusted
/// proxy configured, they are ignored and the operator is warned once.
const FORWARDING_HEADERS: [&str; 3] = ["x-forwarded-for", "forwarded", "x-real-ip"];

/// An IPv6 client can pick any address of its /64 (often a whole /56 or /48 is
/// theirs): the /64 counts as one client.
const IPV6_CLIENT_PREFIX: u8 = 64;

#[derive(Clone, Debug)]
pub struct ClientAddressing {
    trusted_proxies: Arc<[IpNet]>,
    /// Read only when the peer is a trusted proxy; `None` when no proxy is trusted.
    forwarded_header: Option<HeaderName>,
    warned_of_untrusted_forwarding: Arc<AtomicBool>,
}

impl ClientAddressing {
    pub fn new(trusted_proxies: &[IpNet], forwarded_header: Option<HeaderName>) -> Self {
        ClientAddressing {
            trusted_proxies: trusted_proxies.into(),
            forwarded_header: forwarded_header.filter(|_| !trusted_proxies.is_empty()),
            warned_of_untrusted_forwarding: Arc::new(AtomicBool::new(false)),
        }
    }

    /// The key the client is counted under: its IPv4 address or its IPv6 /64.
    pub fn client_key(&self, parts: &http::request::Parts) -> String {
        let Some(peer) = parts
            .extensions
            .get::<axum::extract::ConnectInfo<SocketAddr>>()
            .map(|info| info.0.ip())
        else {
            return "unknown".to_owned();
        };
        self.warn_of_untrusted_forwarding(&parts.headers);
        rate_limit_key(self.client_ip(peer, &parts.headers))
    }

    fn warn_of_untrusted_forwarding(&self, headers: &HeaderMap) {
        if self.trusted_proxies.is_empty()
            && FORWARDING_HEADERS
                .iter()
                .any(|name| headers.contains_key(*name))
            && !self
                .warned_of_untrusted_forwarding
                .swap(true, Ordering::Relaxed)
        {
            tracing::warn!(
                "a request carried a forwarded-address header, but no trusted proxy is \
                 configured: clients are told apart by the connection's address. Behind a \
                 reverse proxy, set trusted_proxies (TOUCHSTONE_TRUSTED_PROXIES) to its \
                 addresses"
            );
        }
    }

    fn is_trusted(&self, address: IpAddr) -> bool {
        self.trusted_proxies
            .iter()
            .any(|network| network.contains(&address))
    }

    fn client_ip(&self, peer: IpAddr, headers: &HeaderMap) -> IpAddr {
        let mut client = peer.to_canonical();
        let Some(header) = &self.forwarded_header else {
            return client;
        };
        if !self.is_trusted(client) {
            return client;
        }
        for hop in forwarded_hops(header, headers).into_iter().rev() {
            // Past a malformed entry nothing can be believed: the last trusted
            // proxy is all that is known of the client.
            let Some(hop) = hop else {
                break;
            };
            client = hop.to_canonical();
            if !self.is_trusted(client) {
                break;
            }
        }
        client
    }
}

/// The addresses in the forwarded header, left (farthest) to right (nearest),
/// `None` where an entry is not an address; repeated header lines read as one list.
fn forwarded_hops(header: &HeaderName, headers: &HeaderMap) -> Vec<Option<IpAddr>> {
    let rfc_7239 = header.as_str() == "forwarded";
    let mut hops = Vec::new();
    for value in headers.get_all(header) {
        let Ok(value) = value.to_str() else {
            hops.push(None);
            continue;
        };
        for entry in value.split(',') {
            hops.push(if rfc_7239 {
                forwarded_for(entry)
            } else {
                node_address(entry)
            });
        }
    }
    hops
}

/// The `for=` node of one element of an RFC 7239 `Forwarded` header.
fn forwarded_for(element: &str) -> Option<IpAddr> {
    element.split(';').find_map(|pair| {
        let (name, value) = pair.split_once('=')?;
        name.trim()
            .eq_ignore_ascii_case("for")
            .then(|| node_address(value))
            .flatten()
    })
}

/// An address as proxies write it: `192.0.2.7`, `192.0.2.7:4711`, `2001:db8::1`,
/// `[2001:db8::1]` or `[2001:db8::1]:4711`, possibly quoted; anything else (such as
/// `unknown` or an obfuscated `_node`) is not an address.
fn node_address(raw: &str) -> Option<IpAddr> {
    let node = raw.trim().trim_matches('"');
    node.parse::<IpAddr>()
        .ok()
        .or_else(|| node.parse::<SocketAddr>().ok().map(|socket| socket.ip()))
        .or_else(|| {
            node.strip_prefix('[')
                .and_then(|inner| inner.strip_suffix(']'))
                .and_then(|inner| inner.parse::<Ipv6Addr>().ok())
                .map(IpAddr::V6)
        })
}

fn rate_limit_key(address: IpAddr) -> String {
    match address.to_canonical() {
        IpAddr::V4(v4) => v4.to_string(),
        IpAddr::V6(v6) => Ipv6Net::new_assert(v6, IPV6_CLIENT_PREFIX)
            .trunc()
            .to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn networks(list: &[&str]) -> Vec<IpNet> {
        list.iter()
            .map(|network| network.parse().expect("a network"))
            .collect()
    }

    fn behind(proxies: &[&str]) -> ClientAddressing {
        ClientAddressing::new(
            &networks(proxies),
            Some(HeaderName::from_static("x-forwarded-for")),
        )
    }

    fn request(peer: &str, headers: &[(&str, &str)]) -> http::request::Parts {
        let mut request = http::Request::builder();
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        let (mut parts, ()) = request.body(()).expect("a request").into_parts();
        let peer: IpAddr = peer.parse().expect("an address");
        parts
            .extensions
            .insert(axum::extract::ConnectInfo(SocketAddr::new(peer, 50_000)));
        parts
    }

    #[test]
    fn without_trusted_proxies_the_client_is_the_peer_whatever_it_claims() {
        let direct = ClientAddressing::new(&[], Some(HeaderName::from_static("x-forwarded-for")));
        let forged = request(
            "192.0.2.7",
            &[
                ("x-forwarded-for", "203.0.113.9"),
                ("x-real-ip", "203.0.113.10"),
            ],
        );
        assert_eq!(direct.client_key(&forged), "192.0.2.7");
        assert!(
            direct
                .warned_of_untrusted_forwarding
                .load(Ordering::Relaxed),
            "the operator hears of the ignored header"
        );
    }

    #[test]
    fn a_header_from_a_peer_that_is_no_trusted_proxy_is_ignored() {
        let proxied = behind(&["10.0.0.0/8"]);
        let stranger = request("192.0.2.7", &[("x-forwarded-for", "203.0.113.9")]);
        assert_eq!(proxied.client_key(&stranger), "192.0.2.7");
    }

    #[test]
    fn spoofed_entries_left_of_the_proxy_s_own_are_ignored() {
        let proxied = behind(&["10.0.0.1/32"]);
        let spoofed = request(
            "10.0.0.1",
            &[("x-forwarded-for", "198.51.100.1, 10.0.0.1, 203.0.113.9")],
        );
        assert_eq!(proxied.client_key(&spoofed), "203.0.113.9");
    }

    #[test]
    fn a_chain_of_trusted_proxies_is_walked_to_the_first_stranger() {
        let proxied = behind(&["10.0.0.0/8", "192.0.2.1/32"]);
        let chained = request(
            "10.0.0.1",
            &[
                ("x-forwarded-for", "198.51.100.1, 203.0.113.9"),
                ("x-forwarded-for", "192.0.2.1, 10.1.2.3"),
            ],
        );
        assert_eq!(proxied.client_key(&chained), "203.0.113.9");
        let all_trusted = request("10.0.0.1", &[("x-forwarded-for", "10.9.9.9, 10.1.2.3")]);
        assert_eq!(proxied.client_key(&all_trusted), "10.9.9.9");
        let no_header = request("10.0.0.1", &[]);
        assert_eq!(proxied.client_key(&no_header), "10.0.0.1");
    }

    #[test]
    fn a_malformed_entry_stops_the_walk_at_the_last_trusted_hop() {
        let proxied = behind(&["10.0.0.0/8"]);
        for forwarded in [
            "203.0.113.9, not-an-address, 10.1.2.3",
            "203.0.113.9, , 10.1.2.3",
            "203.0.113.9, unknown, 10.1.2.3",
        ] {
            let malformed = request("10.0.0.1", &[("x-forwarded-for", forwarded)]);
            assert_eq!(proxied.client_key(&malformed), "10.1.2.3", "{forwarded}");
        }
        let right_most = request("10.0.0.1", &[("x-forwarded-for", "203.0.113.9, garbage")]);
        assert_eq!(proxied.client_key(&right_most), "10.0.0.1");
        let beyond_the_client = request(
            "10.0.0.1",
            &[("x-forwarded-for", "garbage, 203.0.113.9:4711")],
        );
        assert_eq!(proxied.client_key(&beyond_the_client), "203.0.113.9");
    }

    #[test]
    fn ipv6_clients_count_by_their_64() {
        let proxied = behind(&["10.0.0.0/8", "2001:db8:ffff::/48"]);
        let one = request(
            "10.0.0.1",
            &[("x-forwarded-for", "2001:db8:1:2:aaaa::1, 2001:db8:ffff::1")],
        );
        let same_network = request(
            "10.0.0.1",
            &[("x-forwarded-for", "[2001:db8:1:2:bbbb::7]:4711")],
        );
        assert_eq!(proxied.client_key(&one), "2001:db8:1:2::/64");
        assert_eq!(proxied.client_key(&same_network), "2001:db8:1:2::/64");
        let direct = ClientAddressing::new(&[], None);
        assert_eq!(
            direct.client_key(&request("2001:db8:1:3::9", &[])),
            "2001:db8:1:3::/64"
        );
        assert_eq!(
            direct.client_key(&request("::ffff:192.0.2.7", &[])),
            "192.0.2.7",
            "an IPv4 peer on a dual-stack socket is still itself"
        );
    }

    #[test]
    fn the_standard_forwarded_header_is_read_by_its_for_nodes() {
        let proxied = ClientAddressing::new(
            &networks(&["10.0.0.0/8"]),
            Some(HeaderName::from_static("forwarded")),
        );
        let forwarded = request(
            "10.0.0.1",
            &[(
                "forwarded",
                "for=198.51.100.1, for=\"[2001:db8:cafe::17]:4711\";proto=https, For=10.0.0.2",
            )],
        );
        assert_eq!(proxied.client_key(&forwarded), "2001:db8:cafe::/64");
        let hidden = request("10.0.0.1", &[("forwarded", "for=203.0.113.9, for=_hidden")]);
        assert_eq!(proxied.client_key(&hidden), "10.0.0.1");
    }

    #[test]
    fn a_request_without_a_peer_is_unknown() {
        let (parts, ()) = http::Request::builder()
            .body(())
            .expect("a request")
            .into_parts();
        assert_eq!(behind(&["10.0.0.1/32"]).client_key(&parts), "unknown");
    }
}
