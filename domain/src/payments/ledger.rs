//! What each payment owes whom, as double entries that sum to zero: the money
//! is where it was paid (with the maker, for a payment they recorded; with the
//! card processor, for a card), the maker is owed the payment less the
//! platform's fee, and the platform its fee. A refund reverses its share of the
//! payment's lines. Payouts are not made here: the ledger says what is owed.

use super::PaymentMethod;
use crate::shared::{Currency, MakerId};

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LedgerLine {
    /// `maker-12:received`, `maker-12:owed`, `card-processor`, `platform:fees`.
    pub account: String,
    /// Positive: held by this account; negative: owed by it to the others.
    pub amount_minor: i64,
    pub currency: Currency,
}

/// The platform's fee on a price, in basis points (1% = 100), rounded to the
/// nearest minor unit.
pub fn platform_fee(price_minor: i64, basis_points: u32) -> i64 {
    (price_minor * i64::from(basis_points) + 5_000) / 10_000
}

/// The lines for `amount_minor` paid to `maker` by `method`, of which
/// `fee_minor` is the platform's. Where the money is comes first.
pub fn payment_lines(
    maker: MakerId,
    amount_minor: i64,
    fee_minor: i64,
    currency: Currency,
    method: PaymentMethod,
) -> Vec<LedgerLine> {
    let maker = maker.0;
    let held_by = match method {
        PaymentMethod::Card => "card-processor".to_owned(),
        PaymentMethod::BankTransfer | PaymentMethod::Cash => format!("maker-{maker}:received"),
    };
    let line = |account: String, amount_minor: i64| LedgerLine {
        account,
        amount_minor,
        currency,
    };
    vec![
        line(held_by, amount_minor),
        line(format!("maker-{maker}:owed"), -(amount_minor - fee_minor)),
        line("platform:fees".into(), -fee_minor),
    ]
}

/// The lines that give `refunded_minor` of a payment back: exactly that from
/// where the money is (the first line), each line after the second in
/// proportion (the platform's fee, rounded half away from zero), and the
/// second — what the maker is owed — the rest, so the entry balances and a
/// whole refund reverses the payment exactly.
pub fn refund_lines(payment: &[LedgerLine], refunded_minor: i64) -> Vec<LedgerLine> {
    let [held, owed, rest @ ..] = payment else {
        return Vec::new();
    };
    let paid = held.amount_minor;
    let share = |amount: i64| {
        if paid == 0 {
            return 0;
        }
        let scaled = i128::from(amount) * i128::from(refunded_minor);
        let paid = i128::from(paid);
        i64::try_from((2 * scaled + scaled.signum() * paid) / (2 * paid)).unwrap_or(0)
    };
    let back = |line: &LedgerLine, amount_minor: i64| LedgerLine {
        amount_minor,
        ..line.clone()
    };
    let rest: Vec<LedgerLine> = rest
        .iter()
        .map(|line| back(line, -share(line.amount_minor)))
        .collect();
    let others: i64 = rest.iter().map(|line| line.amount_minor).sum();
    let mut lines = vec![
        back(held, -refunded_minor),
        back(owed, refunded_minor - others),
    ];
    lines.extend(rest);
    lines
}

/// The entries (by their name) whose lines don't sum to zero in some currency.
pub fn unbalanced<'a>(entries: impl IntoIterator<Item = (&'a str, &'a LedgerLine)>) -> Vec<String> {
    let mut sums: std::collections::BTreeMap<(&str, &str), i64> = Default::default();
    for (entry, line) in entries {
        *sums.entry((entry, line.currency.code())).or_default() += line.amount_minor;
    }
    let mut off: Vec<String> = sums
        .into_iter()
        .filter(|(_, sum)| *sum != 0)
        .map(|((entry, _), _)| entry.to_owned())
        .collect();
    off.dedup();
    off
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_refund_gives_back_its_share_of_every_line_and_balances() {
        let paid = payment_lines(
            MakerId(4),
            120_000,
            9_600,
            Currency::GBP,
            PaymentMethod::Card,
        );
        assert_eq!(paid.iter().map(|line| line.amount_minor).sum::<i64>(), 0);
        assert_eq!(
            refund_lines(&paid, 120_000)
                .iter()
                .map(|line| line.amount_minor)
                .collect::<Vec<_>>(),
            [-120_000, 110_400, 9_600],
            "a whole refund reverses the payment"
        );
        let half = refund_lines(&paid, 60_000);
        assert_eq!(
            half.iter()
                .map(|line| line.amount_minor)
                .collect::<Vec<_>>(),
            [-60_000, 55_200, 4_800]
        );
        // A share that doesn't divide evenly still balances.
        let odd = refund_lines(&paid, 33_333);
        assert_eq!(odd.iter().map(|line| line.amount_minor).sum::<i64>(), 0);
        assert_eq!(odd[0].amount_minor, -33_333);
        assert_eq!(odd[2].amount_minor, 2_667, "8% of 33,333, rounded");
        assert_eq!(odd[0].account, "card-processor");
        // Where both shares stand at a half, the money line is still exactly
        // what goes back.
        let paid = payment_lines(MakerId(4), 12_338, 987, Currency::GBP, PaymentMethod::Card);
        let half = refund_lines(&paid, 6_169);
        assert_eq!(half[0].amount_minor, -6_169);
        assert_eq!(half.iter().map(|line| line.amount_minor).sum::<i64>(), 0);
    }
}
