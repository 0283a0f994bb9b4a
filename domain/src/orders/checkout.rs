//! The checkout form: where the piece goes (an address, or collection from the
//! studio), read against the studio's terms.

use super::SalesTerms;
use crate::shared::form_text;
use serde::{Deserialize, Serialize};

pub const MAX_ADDRESS_FIELD: usize = 120;
const MAX_POSTCODE: usize = 16;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Address {
    pub name: String,
    pub line1: String,
    pub line2: String,
    pub town: String,
    pub postcode: String,
    pub country: String,
}

impl Address {
    /// The address as it goes on a parcel, a line each.
    pub fn lines(&self) -> Vec<String> {
        [
            &self.name,
            &self.line1,
            &self.line2,
            &self.town,
            &self.postcode,
            &self.country,
        ]
        .into_iter()
        .filter(|line| !line.is_empty())
        .cloned()
        .collect()
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Delivery {
    Post(Address),
    Collection,
}

/// The checkout form as the page sends it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CheckoutForm {
    /// The piece's address (`/pieces/{piece}`).
    pub piece: String,
    /// `post` or `collect`.
    #[serde(default)]
    pub delivery: String,
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub line1: String,
    #[serde(default)]
    pub line2: String,
    #[serde(default)]
    pub town: String,
    #[serde(default)]
    pub postcode: String,
    #[serde(default)]
    pub country: String,
    /// A guest's name and email address (someone signed in is known).
    #[serde(default)]
    pub guest_name: String,
    #[serde(default)]
    pub guest_email: String,
}

impl CheckoutForm {
    /// What was typed, to fill the form in again after a refusal.
    pub fn typed(&self) -> Vec<(&'static str, String)> {
        [
            ("delivery", &self.delivery),
            ("name", &self.name),
            ("line1", &self.line1),
            ("line2", &self.line2),
            ("town", &self.town),
            ("postcode", &self.postcode),
            ("country", &self.country),
            ("guest_name", &self.guest_name),
            ("guest_email", &self.guest_email),
        ]
        .into_iter()
        .map(|(name, value)| (name, crate::shared::first_chars(value, MAX_ADDRESS_FIELD)))
        .collect()
    }

    /// Where the piece goes, as the studio's terms allow.
    pub fn delivery(&self, terms: &SalesTerms) -> Result<Delivery, String> {
        match self.delivery.trim() {
            "collect" if terms.collection.is_some() => Ok(Delivery::Collection),
            "collect" => {
                Err("This studio doesn't offer collection: please give an address.".into())
            }
            "post" | "" if terms.delivery_fee.is_some() => {
                let field = |value: &str, label: &str, max: usize, required: bool| {
                    form_text(value, label, max, required)
                };
                Ok(Delivery::Post(Address {
                    name: field(&self.name, "The name to post to", MAX_ADDRESS_FIELD, true)?,
                    line1: field(&self.line1, "The address", MAX_ADDRESS_FIELD, true)?,
                    line2: field(
                        &self.line2,
                        "The second address line",
                        MAX_ADDRESS_FIELD,
                        false,
                    )?,
                    town: field(&self.town, "The town or city", MAX_ADDRESS_FIELD, true)?,
                    postcode: field(&self.postcode, "The postcode", MAX_POSTCODE, true)?,
                    country: field(&self.country, "The country", MAX_ADDRESS_FIELD, true)?,
                }))
            }
            "post" | "" => Err("This studio doesn't post pieces: please choose collection.".into()),
            _ => Err("Please choose delivery or collection.".into()),
        }
    }
}
