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

    /// Roughly what one major unit is worth in euro cents. Only used to sort and
    /// band prices across currencies; a buyer always sees the maker's own price.
    fn indicative_euro_cents(self) -> f64 {
        match self {
            Currency::GBP => 117.0,
            Currency::EUR => 100.0,
            Currency::USD => 92.0,
            Currency::CAD => 67.0,
            Currency::AUD => 60.0,
            Currency::NZD => 55.0,
            Currency::JPY => 0.62,
            Currency::CHF => 105.0,
            Currency::SEK => 8.7,
            Currency::DKK => 13.4,
            Currency::NOK => 8.5,
            Currency::MXN => 5.0,
            Currency::INR => 1.1,
            Currency::ZAR => 5.0,
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
    #[error("Please write the price as a number, like 1250 or 1,250.50.")]
    Unreadable,
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

    /// Reads an amount as a person types it: `1250`, `1,250.50`, `£1,250`.
    pub fn parse(text: &str, currency: Currency) -> Result<Self, MoneyError> {
        let digits = currency.minor_digits() as usize;
        let cleaned: String = text
            .trim()
            .trim_start_matches(currency.symbol().trim())
            .chars()
            .filter(|c| *c != ',' && !c.is_whitespace())
            .collect();
        if cleaned.starts_with('-') {
            return Err(MoneyError::Negative);
        }
        let (major, fraction) = cleaned.split_once('.').unwrap_or((&cleaned, ""));
        let all_digits = |part: &str| part.bytes().all(|b| b.is_ascii_digit());
        if major.is_empty()
            || !all_digits(major)
            || !all_digits(fraction)
            || fraction.len() > digits
        {
            return Err(MoneyError::Unreadable);
        }
        if major.len() > 12 {
            return Err(MoneyError::TooLarge);
        }
        let major: i64 = major.parse().map_err(|_| MoneyError::Unreadable)?;
        let fraction: i64 = format!("{fraction:0<digits$}").parse().unwrap_or_default();
        let minor = major
            .checked_mul(10_i64.pow(digits as u32))
            .and_then(|m| m.checked_add(fraction))
            .ok_or(MoneyError::TooLarge)?;
        Money::from_minor(minor, currency)
    }

    pub fn minor(&self) -> i64 {
        self.minor
    }

    pub fn currency(&self) -> Currency {
        self.currency
    }

    /// The amount as a plain decimal, as schema.org and payment APIs want it: `1250.00`.
    pub fn decimal(&self) -> String {
        let digits = self.currency.minor_digits();
        let scale = 10_i64.pow(digits);
        if digits == 0 {
            return self.minor.to_string();
        }
        format!(
            "{}.{:0width$}",
            self.minor / scale,
            self.minor % scale,
            width = digits as usize
        )
    }

    /// The amount as a form field takes it back: no symbol, no grouping (`1250`, `12.50`).
    pub fn plain(&self) -> String {
        let scale = 10_i64.pow(self.currency.minor_digits());
        let (major, minor) = (self.minor / scale, self.minor % scale);
        match minor {
            0 => major.to_string(),
            _ => format!(
                "{major}.{minor:0width$}",
                width = self.currency.minor_digits() as usize
            ),
        }
    }

    /// The amount in euro cents at an indicative rate, to compare prices across currencies.
    pub fn indicative_euro_cents(&self) -> i64 {
        let major = self.minor as f64 / 10_f64.powi(self.currency.minor_digits() as i32);
        (major * self.currency.indicative_euro_cents()).round() as i64
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
        assert_eq!(yen.decimal(), "48000");
        assert_eq!(
            Money::from_minor(125_005, Currency::GBP).unwrap().decimal(),
            "1250.05"
        );
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
    fn compares_across_currencies_in_euro_cents() {
        let gbp = Money::from_minor(10_000, Currency::GBP).unwrap();
        let yen = Money::from_minor(10_000, Currency::JPY).unwrap();
        assert_eq!(gbp.indicative_euro_cents(), 11_700);
        assert_eq!(yen.indicative_euro_cents(), 6_200);
    }

    #[test]
    fn reads_amounts_as_people_type_them() {
        let gbp = |text| Money::parse(text, Currency::GBP).map(|m| m.minor());
        assert_eq!(gbp("1250"), Ok(125_000));
        assert_eq!(gbp(" 1,250.5 "), Ok(125_050));
        assert_eq!(gbp("£1,250.05"), Ok(125_005));
        assert_eq!(gbp("12.345"), Err(MoneyError::Unreadable));
        assert_eq!(gbp("-5"), Err(MoneyError::Negative));
        assert_eq!(gbp("ten"), Err(MoneyError::Unreadable));
        assert_eq!(gbp(""), Err(MoneyError::Unreadable));
        assert_eq!(gbp("99999999999999999999"), Err(MoneyError::TooLarge));
        assert_eq!(
            Money::parse("48000", Currency::JPY).map(|m| m.minor()),
            Ok(48_000)
        );
        assert_eq!(
            Money::parse("480.5", Currency::JPY),
            Err(MoneyError::Unreadable)
        );
    }

    #[test]
    fn parses_currency_codes() {
        assert_eq!(Currency::parse(" gbp ").unwrap(), Currency::GBP);
        assert_eq!(Currency::parse("XYZ"), Err(MoneyError::UnknownCurrency));
    }
}
