//! Random step sequences by any party, taken or refused: whatever happens,
//! the money, the rounds and the agreement stay straight.

use super::{changes, day};
use crate::commissions::terms::tests::{percent, pounds, ring};
use crate::commissions::*;
use crate::shared::{Currency, Money};

/// A small deterministic generator (xorshift): the same sequences on every run.
struct Random(u64);

impl Random {
    fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        usize::try_from(self.0 % n as u64).unwrap_or_default()
    }
}

fn random_action(random: &mut Random, commission: &Commission) -> Action {
    let owed = commission.owed_minor().max(1);
    let amount = |random: &mut Random| {
        let minor = [
            1,
            100,
            50_000,
            owed,
            owed + 1,
            commission.deposit_minor().max(1),
        ][random.below(6)];
        let currency =
            [Currency::GBP, Currency::GBP, Currency::GBP, Currency::EUR][random.below(4)];
        Money::from_minor(minor, currency).expect("an amount")
    };
    let mut proposal = ring(1);
    proposal.rounds_included = [1, 2, 3][random.below(3)];
    proposal.deposit = [
        Deposit::Share(percent(50)),
        Deposit::Share(percent(0)),
        Deposit::Fixed(pounds(300)),
    ][random.below(3)];
    match random.below(21) {
        0 => Action::Propose(proposal),
        1 => changes(),
        2 => Action::Accept {
            version: u32::try_from(random.below(3)).unwrap_or_default() + 1,
        },
        3 => Action::Decline,
        4 => Action::Expire,
        5 | 6 => Action::RecordPayment {
            amount: amount(random),
        },
        7 => Action::PostDesign,
        8 => Action::ApproveDesign,
        9 => Action::OfferExtraRound {
            price: amount(random),
        },
        10 => Action::AcceptExtraRound,
        11 => Action::OfferChange {
            price: amount(random),
        },
        12 => Action::AcceptChange,
        13 => Action::DeclineChange,
        14 => Action::StartMaking,
        15 => Action::PostProgress,
        16 => Action::MarkReady,
        17 => Action::Ship,
        18 => Action::HandOver,
        19 => Action::ConfirmReceipt,
        _ => {
            if random.below(4) == 0 {
                Action::Cancel
            } else {
                Action::CompleteUnanswered
            }
        }
    }
}

fn assert_invariants(c: &Commission) {
    assert!(
        c.paid_minor >= 0 && c.paid_minor <= c.price_minor(),
        "{c:?}"
    );
    assert!(c.refunded_minor <= c.paid_minor, "{c:?}");
    assert!(
        c.round <= c.rounds_allowed() || c.accepted.is_none(),
        "{c:?}"
    );
    assert!(c.round <= MAX_ROUNDS, "{c:?}");
    if matches!(
        c.stage,
        Stage::Designing
            | Stage::DesignPosted
            | Stage::ExtraRoundOffered
            | Stage::Agreed
            | Stage::Making
            | Stage::Ready
            | Stage::Dispatched
    ) {
        assert!(
            c.paid_minor >= c.deposit_minor(),
            "design starts after the deposit: {c:?}"
        );
    }
    if matches!(c.stage, Stage::Dispatched) || (c.stage == Stage::Completed) {
        assert_eq!(c.owed_minor(), 0, "nothing leaves unpaid: {c:?}");
    }
    if matches!(
        c.stage,
        Stage::Agreed | Stage::Making | Stage::Ready | Stage::Dispatched | Stage::Completed
    ) {
        assert!(c.agreement.is_some(), "{c:?}");
    }
}

#[test]
fn random_steps_keep_the_money_the_rounds_and_the_agreement_straight() {
    let mut random = Random(0x9e37_79b9_7f4a_7c15);
    let mut steps_taken = 0;
    let mut stages_seen = std::collections::HashSet::new();
    for _ in 0..3_000 {
        let mut commission = Commission::requested();
        let mut now = 0;
        for _ in 0..80 {
            now += i64::try_from(random.below(4)).unwrap_or_default();
            let action = random_action(&mut random, &commission);
            // Ending it early is rare, or few sequences would get far.
            let ends = matches!(action, Action::Decline | Action::Cancel | Action::Expire);
            if ends && random.below(10) != 0 {
                continue;
            }
            // Mostly the party the step belongs to; sometimes anyone, to be refused.
            let party = if random.below(5) == 0 {
                Party::ALL[random.below(3)]
            } else {
                action.owner()
            };
            let Ok(next) = commission.apply(party, &action, day(now)) else {
                continue;
            };
            steps_taken += 1;
            assert_eq!(next.version, commission.version + 1);
            if commission.accepted.is_some() {
                assert_eq!(
                    next.accepted, commission.accepted,
                    "accepted terms never change"
                );
            }
            if commission.agreement.is_some() {
                assert_eq!(
                    next.agreement, commission.agreement,
                    "the agreement never changes"
                );
            }
            assert!(
                next.paid_minor >= commission.paid_minor,
                "payments are never undone"
            );
            assert_invariants(&next);
            stages_seen.insert(next.stage);
            commission = next;
        }
    }
    assert!(steps_taken > 10_000, "{steps_taken} steps");
    for stage in Stage::ALL {
        if stage != Stage::Requested {
            assert!(
                stages_seen.contains(&stage),
                "random steps never reached {stage:?}"
            );
        }
    }
}
