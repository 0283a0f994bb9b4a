//! The keys booking links and guests' order links are signed with: HMAC-SHA256
//! secrets of their own,
//! apart from the passport key, and rotatable.
//!
//! The `link_keys` setting lists them (64 hex digits each, comma-separated, the
//! same on every app server): the first signs, and every listed one verifies, so a
//! rotation puts the new key first and drops the old one when its links have
//! expired (a booking's a day after its meeting, an order's 90 days after the
//! letter that carried it: an order's next letter brings a link signed with the
//! new key). A key that is no longer listed
//! opens nothing. On a single server the key may come from `<data_dir>/link.key`,
//! made on first start.

use crate::secrets::unhex;
use app::booking::links::LinkKeys;
use app::shared::hex;
use hmac::{Hmac, Mac};
use sha2::{Digest, Sha256};
use std::path::Path;

type LinkMac = Hmac<Sha256>;

pub struct HmacLinkKeys {
    /// `(key id, secret)`, the signing key first.
    keys: Vec<(String, [u8; 32])>,
}

#[derive(Debug, thiserror::Error)]
pub enum LinkKeyError {
    #[error(
        "link_keys must be secrets of 64 hexadecimal digits (32 random bytes), separated by commas"
    )]
    Malformed,
    #[error("cannot read or create the link key file {path}: {source}")]
    File {
        path: String,
        source: std::io::Error,
    },
}

/// A key's id: it names the key in links without revealing anything of it.
fn key_id_of(secret: &[u8; 32]) -> String {
    let mut digest = Sha256::new();
    digest.update(b"touchstone-link-key-id:");
    digest.update(secret);
    hex(&digest.finalize()[..8])
}

impl HmacLinkKeys {
    /// The keys of a `link_keys` setting, the signing one first.
    pub fn from_hex_list(list: &str) -> Result<Self, LinkKeyError> {
        let keys = list
            .split(',')
            .map(str::trim)
            .filter(|key| !key.is_empty())
            .map(|key| {
                let secret = unhex::<32>(key).ok_or(LinkKeyError::Malformed)?;
                Ok((key_id_of(&secret), secret))
            })
            .collect::<Result<Vec<_>, LinkKeyError>>()?;
        if keys.is_empty() {
            return Err(LinkKeyError::Malformed);
        }
        Ok(HmacLinkKeys { keys })
    }

    /// The configured keys, else the data directory's key file (made if missing).
    pub fn load(configured: &str, data_dir: &Path) -> Result<Self, LinkKeyError> {
        if !configured.trim().is_empty() {
            return Self::from_hex_list(configured);
        }
        let path = data_dir.join("link.key");
        let secret =
            crate::secrets::read_or_create(&path).map_err(|source| LinkKeyError::File {
                path: path.display().to_string(),
                source,
            })?;
        Self::from_hex_list(&secret)
    }

    fn mac(secret: &[u8; 32], payload: &[u8]) -> LinkMac {
        let mut mac = LinkMac::new_from_slice(secret).expect("HMAC takes a key of any length");
        mac.update(payload);
        mac
    }
}

impl LinkKeys for HmacLinkKeys {
    fn key_id(&self) -> &str {
        &self.keys[0].0
    }

    fn sign(&self, payload: &[u8]) -> String {
        hex(&Self::mac(&self.keys[0].1, payload).finalize().into_bytes())
    }

    fn verify(&self, key_id: &str, payload: &[u8], signature: &str) -> bool {
        let Some(signature) = unhex::<32>(signature) else {
            return false;
        };
        self.keys
            .iter()
            .find(|(id, _)| id == key_id)
            // `verify_slice` compares in constant time.
            .is_some_and(|(_, secret)| Self::mac(secret, payload).verify_slice(&signature).is_ok())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use app::booking::BookingId;
    use app::booking::links::{LinkPurpose, read_link, sign_link};
    use app::provenance::Notary;

    const OLD: &str = "1111111111111111111111111111111111111111111111111111111111111111";
    const NEW: &str = "2222222222222222222222222222222222222222222222222222222222222222";

    fn link(keys: &dyn LinkKeys) -> String {
        let expires = jiff::Timestamp::now() + jiff::SignedDuration::from_hours(1);
        sign_link(keys, BookingId(7), 3, LinkPurpose::Cancel, expires)
    }

    fn opens(keys: &dyn LinkKeys, token: &str) -> bool {
        read_link(keys, token, LinkPurpose::Cancel, jiff::Timestamp::now()).is_ok()
    }

    #[test]
    fn a_link_opens_its_booking_at_its_version_and_any_change_breaks_it() {
        let keys = HmacLinkKeys::from_hex_list(NEW).unwrap();
        let token = link(&keys);
        let read = read_link(&keys, &token, LinkPurpose::Cancel, jiff::Timestamp::now()).unwrap();
        assert_eq!((read.booking, read.version), (BookingId(7), 3));
        assert!(!opens(&keys, &token.replacen("7.", "8.", 1)));
        assert!(!opens(&keys, &token.replacen(".3.", ".4.", 1)));
        let mut forged = token.clone().into_bytes();
        let last = forged.len() - 1;
        forged[last] = if forged[last] == b'0' { b'1' } else { b'0' };
        assert!(!opens(&keys, &String::from_utf8(forged).unwrap()));
        assert!(
            read_link(
                &keys,
                &token,
                LinkPurpose::ConfirmEmail,
                jiff::Timestamp::now()
            )
            .is_err(),
            "a link opens only for its purpose"
        );
    }

    #[test]
    fn rotation_keeps_listed_keys_and_drops_the_rest() {
        let old = HmacLinkKeys::from_hex_list(OLD).unwrap();
        let before = link(&old);
        let rotating = HmacLinkKeys::from_hex_list(&format!("{NEW}, {OLD}")).unwrap();
        assert!(
            opens(&rotating, &before),
            "links of a listed key still open"
        );
        assert_eq!(
            rotating.key_id(),
            HmacLinkKeys::from_hex_list(NEW).unwrap().key_id()
        );
        let rotated = HmacLinkKeys::from_hex_list(NEW).unwrap();
        assert!(!opens(&rotated, &before), "a key rotated out opens nothing");
        assert!(opens(&rotated, &link(&rotating)));
    }

    /// The passport key signs passports that must verify forever, even after it is
    /// retired: a link signed with it (the thief of an old passport key minting
    /// links) must never open a booking.
    #[test]
    fn a_link_signed_with_the_passport_key_opens_nothing() {
        let keys = HmacLinkKeys::from_hex_list(NEW).unwrap();
        let notary = crate::passport::Ed25519Notary::from_seed_hex(NEW).unwrap();
        let token = link(&keys);
        let (unsigned, _) = token.rsplit_once('.').unwrap();
        let (prefix, _) = unsigned.rsplit_once('.').unwrap();
        let payload = format!("touchstone-booking-link/3:{}", prefix.replace('.', ":"));
        for key_id in [notary.key_id(), keys.key_id()] {
            let forged = format!("{prefix}.{key_id}.{}", notary.sign(payload.as_bytes()));
            assert!(!opens(&keys, &forged), "{forged}");
        }
    }

    #[test]
    fn keys_are_32_byte_secrets_and_a_missing_file_is_made_once() {
        for bad in ["", "abc", "zz", &format!("{NEW},nonsense")] {
            assert!(HmacLinkKeys::from_hex_list(bad).is_err(), "{bad}");
        }
        let dir = tempfile::tempdir().unwrap();
        let first = HmacLinkKeys::load("", dir.path()).unwrap();
        let second = HmacLinkKeys::load("", dir.path()).unwrap();
        assert!(opens(&second, &link(&first)));
        let configured = HmacLinkKeys::load(NEW, dir.path()).unwrap();
        assert!(
            !opens(&configured, &link(&first)),
            "the setting wins over the file"
        );
    }
}
