//! The marketplace's Ed25519 signing key for provenance passports.
//!
//! The key comes from the `passport_key` setting (64 hex digits, the same on every
//! app server), or, on a single server, from `<data_dir>/passport.key`, created on
//! first start. Its public half is registered in the database under its key id, so
//! passports signed before a rotation stay verifiable.

use crate::secrets::unhex;
use app::provenance::Notary;
use app::shared::hex;
use ed25519_dalek::{Signature, Signer, SigningKey, Verifier, VerifyingKey};
use sha2::{Digest, Sha256};
use std::path::Path;

pub struct Ed25519Notary {
    key: SigningKey,
    key_id: String,
    /// Public keys of earlier signing keys, by key id: their passports still verify.
    retired: Vec<(String, VerifyingKey)>,
}

#[derive(Debug, thiserror::Error)]
pub enum KeyError {
    #[error("passport_key must be 64 hexadecimal digits (a 32-byte Ed25519 seed)")]
    Malformed,
    #[error(
        "passport_retired_keys must be Ed25519 public keys, 64 hexadecimal digits each, separated by commas"
    )]
    MalformedRetired,
    #[error("cannot read or create the passport key file {path}: {source}")]
    File {
        path: String,
        source: std::io::Error,
    },
}

/// A key's id: the first 8 bytes of the SHA-256 of its public key, in hex.
fn key_id_of(key: &VerifyingKey) -> String {
    hex(&Sha256::digest(key.as_bytes())[..8])
}

impl Ed25519Notary {
    pub fn from_seed_hex(seed: &str) -> Result<Self, KeyError> {
        let seed = unhex::<32>(seed).ok_or(KeyError::Malformed)?;
        Ok(Self::from_seed(seed))
    }

    fn from_seed(seed: [u8; 32]) -> Self {
        let key = SigningKey::from_bytes(&seed);
        let key_id = key_id_of(&key.verifying_key());
        Ed25519Notary {
            key,
            key_id,
            retired: Vec::new(),
        }
    }

    /// Also trusts these earlier public keys (hex, comma-separated).
    pub fn with_retired_keys(mut self, keys: &str) -> Result<Self, KeyError> {
        for key in keys.split(',').map(str::trim).filter(|k| !k.is_empty()) {
            let key = unhex::<32>(key)
                .and_then(|bytes| VerifyingKey::from_bytes(&bytes).ok())
                .ok_or(KeyError::MalformedRetired)?;
            self.retired.push((key_id_of(&key), key));
        }
        Ok(self)
    }

    fn trusted(&self, key_id: &str) -> Option<VerifyingKey> {
        if key_id == self.key_id {
            return Some(self.key.verifying_key());
        }
        self.retired
            .iter()
            .find(|(id, _)| id == key_id)
            .map(|(_, key)| *key)
    }

    /// The configured key, else the data directory's key file (made if missing).
    pub fn load(configured: &str, data_dir: &Path) -> Result<Self, KeyError> {
        if !configured.is_empty() {
            return Self::from_seed_hex(configured);
        }
        let path = data_dir.join("passport.key");
        let seed = crate::secrets::read_or_create(&path).map_err(|source| KeyError::File {
            path: path.display().to_string(),
            source,
        })?;
        Self::from_seed_hex(&seed)
    }

    pub fn public_key_hex(&self) -> String {
        hex(self.key.verifying_key().as_bytes())
    }
}

impl Notary for Ed25519Notary {
    fn key_id(&self) -> &str {
        &self.key_id
    }

    fn sign(&self, payload: &[u8]) -> String {
        hex(&self.key.sign(payload).to_bytes())
    }

    fn verify(&self, key_id: &str, payload: &[u8], signature: &str) -> bool {
        let (Some(key), Some(signature)) = (self.trusted(key_id), unhex::<64>(signature)) else {
            return false;
        };
        key.verify(payload, &Signature::from_bytes(&signature))
            .is_ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SEED: &str = "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60";

    #[test]
    fn signatures_verify_and_any_change_breaks_them() {
        let notary = Ed25519Notary::from_seed_hex(SEED).unwrap();
        let id = notary.key_id().to_owned();
        let signature = notary.sign(b"{\"a\":1}");
        assert!(notary.verify(&id, b"{\"a\":1}", &signature));
        assert!(!notary.verify(&id, b"{\"a\":2}", &signature));
        let mut forged = signature.clone().into_bytes();
        forged[10] = if forged[10] == b'0' { b'1' } else { b'0' };
        assert!(!notary.verify(&id, b"{\"a\":1}", &String::from_utf8(forged).unwrap()));
        // A key the notary was not configured with is never trusted, whatever its id.
        let stranger = Ed25519Notary::from_seed_hex(&"11".repeat(32)).unwrap();
        let theirs = stranger.sign(b"{\"a\":1}");
        assert!(!notary.verify(stranger.key_id(), b"{\"a\":1}", &theirs));
        assert!(!notary.verify("zz", b"{\"a\":1}", &signature));
    }

    #[test]
    fn passports_of_a_retired_key_still_verify_after_rotation() {
        let old = Ed25519Notary::from_seed_hex(SEED).unwrap();
        let signature = old.sign(b"payload");
        let new = Ed25519Notary::from_seed_hex(&"22".repeat(32))
            .unwrap()
            .with_retired_keys(&format!(" {} ", old.public_key_hex()))
            .unwrap();
        assert!(new.verify(old.key_id(), b"payload", &signature));
        assert!(new.verify(new.key_id(), b"p", &new.sign(b"p")));
        assert!(
            Ed25519Notary::from_seed_hex(SEED)
                .unwrap()
                .with_retired_keys("nonsense")
                .is_err()
        );
    }

    #[test]
    fn the_key_id_names_the_public_key() {
        let notary = Ed25519Notary::from_seed_hex(SEED).unwrap();
        assert_eq!(notary.key_id().len(), 16);
        // RFC 8032 test vector 1: this seed's public key.
        assert_eq!(
            notary.public_key_hex(),
            "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a"
        );
        assert!(Ed25519Notary::from_seed_hex("abc").is_err());
    }
}
