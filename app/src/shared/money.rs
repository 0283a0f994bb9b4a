use serde::{Deserialize, Serialize};
use std::fmt;

/// The currencies makers on Touchstone price in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Currency {
    GBP,
    EUR,
    USD,
    CAD,
    AUD,
    NZD,
    JPY,
    CHF,
    SEK,
    DKK,
    NOK,
    MXN,
    INR,
    ZAR,
}

impl Currency {
    pub const ALL: [Currency; 14] = [
        Currency::GBP,
        Currency::EUR,
        Currency::USD,
        Currency::CAD,
        Currency::AUD,
        Currency::NZD,
        Currency::JPY,
        Currency::CHF,
        Currency::SEK,
        Currency::DKK,
        Currency::NOK,
        Currency::MXN,
        Currency::INR,
        Currency::ZAR,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Currency::GBP => "GBP",
            Currency::EUR => "EUR",
            Currency::USD => "USD",
            Currency::CAD => "CAD",
            Currency::AUD => "AUD",
            Currency::NZD => "NZD",
            Currency::JPY => "JPY",
            Currency::CHF => "CHF",
            Currency::SEK => "SEK",
            Currency::DKK => "DKK",
            Currency::NOK => "NOK",
            Currency::MXN => "MXN",
            Currency::INR => "INR",
            Currency::ZAR => "ZAR",
        }
    }

    pub fn parse(code: &str) -> Result<Self, MoneyError> {
        Currency::ALL
            .into_iter()
            .find(|c| c.code().eq_ignore_ascii_case(code.trim()))
            .ok_or(MoneyError::UnknownCurrency)
    }

    /// Digits after the decimal point in everyday prices (ISO 4217 minor units).
    pub fn minor_digits(self) -> u32 {
        match self {
            Currency::JPY => 0,
            _ => 2,
        }
    }

    fn symbol(self) -> &'static str {
        match self {
            Currency::GBP => "£",
            Currency::EUR => "€",
            Currency::USD => "US$",
            Currency::CAD => "CA$",
            Currency::AUD => "A$",
            Currency::NZD => "NZ$",
            Currency::JPY => "¥",
            Currency::CHF => "CHF ",
            Currency::SEK => "SEK ",
            Currency::DKK => "DKK ",
            Currency::NOK => "NOK ",
            Currency::MXN => "MX$",
            Currency::INR => "₹",
            Currency::ZAR => "R ",
        }
    }
}

/// An amount in a currency's minor unit (pence, cents, yen); never negative.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Money {
    minor: i64,
    currency: Currency,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MoneyError {
    #[error("A price can't be negative.")]
    Negative,
    #[error("That price is too large.")]
    TooLarge,
    #[error("Please choose a currency from the list.")]
    UnknownCurrency,
}

impl Money {
    /// A hundred million in major units is far above any piece on the marketplace.
    const MAX_MAJOR: i64 = 100_000_000;

    pub fn from_minor(minor: i64, currency: Currency) -> Result<Self, MoneyError> {
        if minor < 0 {
            return Err(MoneyError::Negative);
        }
        if minor / 10_i64.pow(currency.minor_digits()) > Self::MAX_MAJOR {
            return Err(MoneyError::TooLarge);
        }
        Ok(Money { minor, currency })
    }

    pub fn minor(&self) -> i64 {
        self.minor
    }

    pub fn currency(&self) -> Currency {
        self.currency
    }
}

impl fmt::Display for Money {
    /// Whole amounts drop their decimals (`£1,250`), others keep them (`£12.50`).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let scale = 10_i64.pow(self.currency.minor_digits());
        let (major, minor) = (self.minor / scale, self.minor % scale);
        let digits = major.to_string();
        let mut grouped = String::with_capacity(digits.len() + digits.len() / 3);
        for (i, ch) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i) % 3 == 0 {
                grouped.push(',');
            }
            grouped.push(ch);
        }
        write!(f, "{}{grouped}", self.currency.symbol())?;
        if minor != 0 {
            write!(
                f,
                ".{minor:0width$}",
                width = self.currency.minor_digits() as usize
            )?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_with_grouping_and_only_needed_decimals() {
        let gbp = |minor| Money::from_minor(minor, Currency::GBP).unwrap().to_string();
        assert_eq!(gbp(125_000), "£1,250");
        assert_eq!(gbp(1_250), "£12.50");
        assert_eq!(gbp(5), "£0.05");
        assert_eq!(gbp(123_456_789), "£1,234,567.89");
        let yen = Money::from_minor(48_000, Currency::JPY).unwrap();
        assert_eq!(yen.to_string(), "¥48,000");
    }

    #[test]
    fn refuses_negative_and_absurd_amounts() {
        assert_eq!(
            Money::from_minor(-1, Currency::EUR),
            Err(MoneyError::Negative)
        );
        assert_eq!(
            Money::from_minor(i64::MAX, Currency::EUR),
            Err(MoneyError::TooLarge)
        );
    }

    #[test]
    fn parses_currency_codes() {
        assert_eq!(Currency::parse(" gbp ").unwrap(), Currency::GBP);
        assert_eq!(Currency::parse("XYZ"), Err(MoneyError::UnknownCurrency));
    }
}
