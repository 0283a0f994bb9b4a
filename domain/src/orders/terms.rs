//! A studio's terms of sale: how it sends pieces (and for how much), whether a
//! buyer may collect, its returns terms and how to pay it. A piece is for sale
//! only once its studio has written them; every order keeps the terms it was
//! bought under.

use crate::shared::{Currency, Money, form_text};
use serde::{Deserialize, Serialize};

pub const MAX_RETURNS: usize = 2_000;
pub const MAX_PAYMENT_INSTRUCTIONS: usize = 1_000;
const MAX_COLLECTION: usize = 300;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SalesTerms {
    /// What posting a piece costs (zero for free delivery); `None` when the
    /// studio doesn't post.
    pub delivery_fee: Option<Money>,
    /// Where and how a buyer collects; `None` when the studio doesn't offer it.
    pub collection: Option<String>,
    /// The studio's returns terms, in its own words.
    pub returns: String,
    /// How to pay by bank transfer: the account, the sort code.
    pub payment_instructions: String,
}

/// The terms as the studio's form sends them.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SalesTermsForm {
    /// Blank when the studio doesn't post; `0` for free delivery.
    #[serde(default)]
    pub delivery_fee: String,
    #[serde(default)]
    pub currency: String,
    #[serde(default)]
    pub collection: String,
    #[serde(default)]
    pub returns: String,
    #[serde(default)]
    pub payment_instructions: String,
}

impl SalesTermsForm {
    pub fn of(terms: &SalesTerms) -> Self {
        SalesTermsForm {
            delivery_fee: terms
                .delivery_fee
                .map(|fee| fee.plain())
                .unwrap_or_default(),
            currency: terms
                .delivery_fee
                .map(|fee| fee.currency().code().to_owned())
                .unwrap_or_default(),
            collection: terms.collection.clone().unwrap_or_default(),
            returns: terms.returns.clone(),
            payment_instructions: terms.payment_instructions.clone(),
        }
    }

    pub fn parse(&self) -> Result<SalesTerms, String> {
        let delivery_fee = match self.delivery_fee.trim() {
            "" => None,
            typed => {
                let code = self.currency.trim();
                let currency = Currency::parse(if code.is_empty() { "GBP" } else { code })
                    .map_err(|error| error.to_string())?;
                Some(
                    Money::parse(typed, currency)
                        .map_err(|_| "Please write the delivery price as a number, like 12 or 12.50 (0 for free delivery).".to_owned())?,
                )
            }
        };
        let collection = Some(form_text(
            &self.collection,
            "Where to collect",
            MAX_COLLECTION,
            false,
        )?)
        .filter(|collection| !collection.is_empty());
        if delivery_fee.is_none() && collection.is_none() {
            return Err(
                "Please say what posting costs, or where a buyer can collect, or both.".into(),
            );
        }
        Ok(SalesTerms {
            delivery_fee,
            collection,
            returns: form_text(&self.returns, "A returns policy", MAX_RETURNS, true)?,
            payment_instructions: form_text(
                &self.payment_instructions,
                "A way to pay you by bank transfer",
                MAX_PAYMENT_INSTRUCTIONS,
                true,
            )?,
        })
    }
}
