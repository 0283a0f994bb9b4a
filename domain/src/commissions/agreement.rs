//! The design agreement: what the design lock froze, as canonical bytes the
//! marketplace key signs. Both sides read the same document, and anyone holding
//! it can check that nobody changed a word since.

use super::flow::{Commission, Stage};
use super::terms::{RefundTerms, Specification};
use crate::provenance::Notary;
use serde::{Deserialize, Serialize};

/// Names what the signed bytes are, so a signature made for a passport (the same
/// key) can never pass for an agreement's, nor the other way round.
pub const AGREEMENT_PURPOSE: &str = "touchstone-commission-agreement/1";

/// The agreement's document. Its JSON, in this field order, is what is signed;
/// it names the maker but holds nothing personal of the buyer.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AgreementDocument {
    pub purpose: String,
    pub commission: i64,
    pub maker: String,
    pub maker_address: String,
    pub proposal_version: u32,
    pub design_round: u8,
    pub specification: Specification,
    pub currency: String,
    pub price_minor: i64,
    pub deposit_minor: i64,
    pub rounds_included: u8,
    pub extra_rounds: u8,
    pub lead_time_weeks: u8,
    pub refunds: RefundTerms,
    /// The SHA-256 of every picture of the agreed design, in order.
    pub design_pictures: Vec<String>,
    /// When the buyer approved the design (RFC 3339, UTC).
    pub agreed_at: String,
}

/// The document as stored: the exact bytes signed, and the signature.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SignedAgreement {
    pub payload: String,
    pub key_id: String,
    pub signature: String,
    pub signed_at: jiff::Timestamp,
}

/// What checking a stored agreement found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AgreementCheck {
    /// The document, when its bytes are one.
    pub document: Option<AgreementDocument>,
    /// The SHA-256 of the signed bytes: what a passport links to.
    pub digest: String,
    /// The signature is the marketplace's over these very bytes, for this commission.
    pub valid: bool,
}

/// Who the maker is, for the document.
pub struct AgreementParties<'a> {
    pub commission: i64,
    pub maker: &'a str,
    pub maker_address: &'a str,
}

impl AgreementDocument {
    /// The document the design lock freezes: `agreed` is the commission right
    /// after the buyer approved the design. `None` before that.
    pub fn of(
        agreed: &Commission,
        parties: &AgreementParties<'_>,
        design_pictures: Vec<String>,
        at: jiff::Timestamp,
    ) -> Option<AgreementDocument> {
        let accepted = agreed.accepted.as_ref()?;
        let frozen = agreed.agreement?;
        (agreed.stage == Stage::Agreed).then(|| AgreementDocument {
            purpose: AGREEMENT_PURPOSE.to_owned(),
            commission: parties.commission,
            maker: parties.maker.to_owned(),
            maker_address: parties.maker_address.to_owned(),
            proposal_version: frozen.proposal_version,
            design_round: frozen.design_round,
            specification: accepted.specification.clone(),
            currency: accepted.price.currency().code().to_owned(),
            price_minor: frozen.price_minor,
            deposit_minor: accepted.deposit_minor(),
            rounds_included: accepted.rounds_included,
            extra_rounds: agreed.extra_rounds,
            lead_time_weeks: accepted.lead_time_weeks,
            refunds: accepted.refunds,
            design_pictures,
            agreed_at: at.to_string(),
        })
    }

    /// The canonical bytes, signed.
    pub fn signed(&self, notary: &dyn Notary, at: jiff::Timestamp) -> SignedAgreement {
        // A struct of strings and numbers always serialises.
        let payload = serde_json::to_string(self).unwrap_or_default();
        SignedAgreement {
            signature: notary.sign(payload.as_bytes()),
            key_id: notary.key_id().to_owned(),
            payload,
            signed_at: at,
        }
    }
}

/// Checks a stored agreement: the signature over its bytes by a key the
/// marketplace trusts, its purpose, and that it is this commission's.
pub fn check_agreement(
    stored: &SignedAgreement,
    commission: i64,
    notary: &dyn Notary,
) -> AgreementCheck {
    use sha2::{Digest, Sha256};
    let document = serde_json::from_str::<AgreementDocument>(&stored.payload).ok();
    let signed = notary.verify(&stored.key_id, stored.payload.as_bytes(), &stored.signature);
    let valid = signed
        && document.as_ref().is_some_and(|document| {
            document.purpose == AGREEMENT_PURPOSE && document.commission == commission
        });
    AgreementCheck {
        digest: crate::shared::hex(&Sha256::digest(stored.payload.as_bytes())),
        document,
        valid,
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::{day, in_stage};
    use super::*;
    use crate::commissions::Stage;

    struct TestNotary;

    impl crate::provenance::Notary for TestNotary {
        fn key_id(&self) -> &str {
            "test-key"
        }
        fn sign(&self, payload: &[u8]) -> String {
            crate::shared::hex(&sha2::Sha256::digest(
                [b"secret".as_slice(), payload].concat(),
            ))
        }
        fn verify(&self, key_id: &str, payload: &[u8], signature: &str) -> bool {
            key_id == "test-key" && self.sign(payload) == signature
        }
    }

    use sha2::Digest as _;

    #[test]
    fn the_agreement_freezes_the_design_and_notices_any_change() {
        let agreed = in_stage(Stage::Agreed);
        let parties = AgreementParties {
            commission: 7,
            maker: "Ana Ruiz",
            maker_address: "ana-ruiz",
        };
        assert_eq!(
            AgreementDocument::of(&in_stage(Stage::DesignPosted), &parties, vec![], day(5)),
            None,
            "nothing to freeze before the design is approved"
        );
        let document = AgreementDocument::of(&agreed, &parties, vec!["ab".repeat(32)], day(5))
            .expect("agreed");
        assert_eq!(document.purpose, AGREEMENT_PURPOSE);
        assert_eq!(document.price_minor, 240_000);
        assert_eq!(document.deposit_minor, 120_000);
        assert_eq!(document.design_round, 1);
        let signed = document.signed(&TestNotary, day(5));
        let check = check_agreement(&signed, 7, &TestNotary);
        assert!(check.valid);
        assert_eq!(check.document, Some(document));
        assert_eq!(check.digest.len(), 64);
        assert!(
            !check_agreement(&signed, 8, &TestNotary).valid,
            "another commission's agreement"
        );
        let tampered = SignedAgreement {
            payload: signed.payload.replace("240000", "140000"),
            ..signed.clone()
        };
        let check = check_agreement(&tampered, 7, &TestNotary);
        assert!(!check.valid);
        assert_eq!(check.document.map(|d| d.price_minor), Some(140_000));
        let unknown_key = SignedAgreement {
            key_id: "other".into(),
            ..signed
        };
        assert!(!check_agreement(&unknown_key, 7, &TestNotary).valid);
    }
}
