//! Passes to private pictures: a buyer's reference pictures and a draft's photos
//! are served only at an address carrying a pass, minted when the page showing
//! them is rendered for someone who may see them. A pass names the picture (all
//! its sizes) and when it expires, with a MAC only the app servers can make, so a
//! copied address stops working within a couple of hours.

use crate::provenance::Notary;
use crate::shared::{ImageRef, hex, media_stem};
use hmac::digest::KeyInit;
use hmac::{Hmac, Mac};
use jiff::Timestamp;
use sha2::{Digest, Sha256};

/// A pass is good for at least this long, and at most twice as long; it changes
/// once per period, so the same page rendered again reuses the browser's copy.
const PASS_PERIOD_SECONDS: i64 = 60 * 60;
/// Bytes of the MAC kept in a pass: 128 bits.
const MAC_BYTES: usize = 16;

pub struct MediaPass {
    keyed: Hmac<Sha256>,
}

impl MediaPass {
    /// The key comes from the notary's: every app server sharing the passport key
    /// agrees, with nothing more to configure. An Ed25519 signature is
    /// deterministic, and the notary signs nothing else with this label (passports
    /// are JSON, links start `touchstone-booking-link`), so the signature is a
    /// secret only the servers can make.
    pub fn of(notary: &dyn Notary) -> Self {
        let secret = notary.sign(b"touchstone-media-pass-key/1");
        // HMAC pads a shorter key with zeros to its block size: this is HMAC with
        // the 32-byte digest as the key.
        let mut block = [0_u8; 64];
        block[..32].copy_from_slice(&Sha256::digest(secret.as_bytes()));
        MediaPass {
            keyed: <Hmac<Sha256> as KeyInit>::new(&block.into()),
        }
    }

    fn mac(&self, stem: &str, expires: i64) -> Hmac<Sha256> {
        let mut mac = self.keyed.clone();
        mac.update(format!("touchstone-media-pass/1:{stem}:{expires}").as_bytes());
        mac
    }

    /// Lets whoever the page is rendered for load `picture` for the next hour or two.
    pub fn grant(&self, picture: &mut ImageRef, now: Timestamp) {
        let expires = (now.as_second() / PASS_PERIOD_SECONDS + 2) * PASS_PERIOD_SECONDS;
        let tag = self.mac(picture.stem(), expires).finalize().into_bytes();
        picture.access = format!("{expires}.{}", hex(&tag[..MAC_BYTES]));
    }

    /// The seconds `access` still admits the file `key` for, if it is a pass we
    /// made for its picture and has not expired.
    pub fn admits(&self, key: &str, access: &str, now: Timestamp) -> Option<i64> {
        let (expires, tag) = access.split_once('.')?;
        let expires = expires.parse::<i64>().ok()?;
        let left = expires
            .checked_sub(now.as_second())
            .filter(|left| *left > 0)?;
        if tag.len() != MAC_BYTES * 2 || !tag.bytes().all(|b| b.is_ascii_hexdigit()) {
            return None;
        }
        let tag = (0..MAC_BYTES)
            .map(|at| u8::from_str_radix(tag.get(at * 2..at * 2 + 2)?, 16).ok())
            .collect::<Option<Vec<u8>>>()?;
        self.mac(media_stem(key), expires)
            .verify_truncated_left(&tag)
            .ok()
            .map(|()| left)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    struct TestNotary(&'static str);

    impl Notary for TestNotary {
        fn key_id(&self) -> &str {
            "test"
        }
        fn sign(&self, payload: &[u8]) -> String {
            format!("{}:{}", self.0, payload.len())
        }
        fn verify(&self, _: &str, _: &[u8], _: &str) -> bool {
            false
        }
    }

    fn picture() -> ImageRef {
        ImageRef {
            key: "0123456789abcdef0123456789abcdef.jpg".into(),
            width: 800,
            height: 600,
            alt: String::new(),
            access: String::new(),
        }
    }

    #[test]
    fn a_pass_admits_every_size_of_its_picture_until_it_expires() {
        let pass = MediaPass::of(&TestNotary("ours"));
        let now = Timestamp::from_second(1_790_000_000).unwrap();
        let mut photo = picture();
        pass.grant(&mut photo, now);
        let access = photo.access.clone();
        for key in [
            "0123456789abcdef0123456789abcdef.jpg",
            "0123456789abcdef0123456789abcdef-640.webp",
        ] {
            let left = pass.admits(key, &access, now).unwrap();
            assert!((PASS_PERIOD_SECONDS..=2 * PASS_PERIOD_SECONDS).contains(&left));
        }
        let later = Timestamp::from_second(1_790_000_000 + 2 * PASS_PERIOD_SECONDS).unwrap();
        assert_eq!(pass.admits(&photo.key, &access, later), None, "expired");
        assert_eq!(
            pass.admits("ffff.jpg", &access, now),
            None,
            "another picture"
        );
        let (expires, tag) = access.split_once('.').unwrap();
        let longer = format!("{}.{tag}", expires.parse::<i64>().unwrap() + 3_600);
        assert_eq!(
            pass.admits(&photo.key, &longer, now),
            None,
            "a changed expiry"
        );
        let mut tampered = access.clone().into_bytes();
        let last = tampered.len() - 1;
        tampered[last] = if tampered[last] == b'0' { b'1' } else { b'0' };
        let tampered = String::from_utf8(tampered).unwrap();
        assert_eq!(
            pass.admits(&photo.key, &tampered, now),
            None,
            "a changed MAC"
        );
        for nonsense in ["", ".", "x.y", "99999999999999999999.00", "1.é"] {
            assert_eq!(pass.admits(&photo.key, nonsense, now), None, "{nonsense}");
        }
        let theirs = MediaPass::of(&TestNotary("theirs"));
        assert_eq!(theirs.admits(&photo.key, &access, now), None, "another key");
    }
}
