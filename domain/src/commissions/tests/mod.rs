//! The commission flow: the whole transition table against `transitions.txt`, the
//! journeys a buyer and a maker really take, and random sequences of steps that
//! must keep the money, the rounds and the agreement straight.

use super::terms::tests::{percent, pounds, ring};
use super::*;
use crate::shared::{Currency, Money};
use jiff::Timestamp;

pub(super) fn day(n: i64) -> Timestamp {
    Timestamp::from_second(1_800_000_000 + n * 86_400).expect("a time")
}

pub(super) fn step(commission: &Commission, party: Party, action: Action, on: i64) -> Commission {
    commission
        .apply(party, &action, day(on))
        .unwrap_or_else(|refusal| panic!("{} by {party:?}: {refusal}", action.name()))
}

pub(super) fn changes() -> Action {
    Action::AskForChanges {
        note: "A thinner band, please".into(),
    }
}

/// A commission in `stage`, reached by the steps people take (so every stage
/// the table shows is one the flow really reaches).
pub(super) fn in_stage(stage: Stage) -> Commission {
    use Party::{Buyer, Clock, Maker};
    let requested = Commission::requested();
    let proposed = step(&requested, Maker, Action::Propose(ring(1)), 1);
    let awaiting = step(&proposed, Buyer, Action::Accept { version: 1 }, 2);
    let designing = step(
        &awaiting,
        Maker,
        Action::RecordPayment {
            amount: pounds(1_200),
        },
        3,
    );
    let posted = step(&designing, Maker, Action::PostDesign, 4);
    let agreed = step(&posted, Buyer, Action::ApproveDesign, 5);
    let making = step(&agreed, Maker, Action::StartMaking, 6);
    let ready = step(&making, Maker, Action::MarkReady, 7);
    let dispatched = step(
        &step(
            &ready,
            Maker,
            Action::RecordPayment {
                amount: pounds(1_200),
            },
            8,
        ),
        Maker,
        Action::Ship,
        8,
    );
    match stage {
        Stage::Requested => requested,
        Stage::Proposed => proposed,
        Stage::ChangesAsked => step(&proposed, Buyer, changes(), 2),
        Stage::AwaitingDeposit => awaiting,
        Stage::Designing => designing,
        Stage::DesignPosted => posted,
        Stage::ExtraRoundOffered => {
            let second = step(
                &step(&posted, Buyer, changes(), 5),
                Maker,
                Action::PostDesign,
                6,
            );
            step(
                &second,
                Maker,
                Action::OfferExtraRound { price: pounds(150) },
                6,
            )
        }
        Stage::Agreed => agreed,
        Stage::Making => making,
        Stage::Ready => ready,
        Stage::Dispatched => dispatched,
        Stage::Completed => step(&dispatched, Buyer, Action::ConfirmReceipt, 9),
        Stage::Declined => step(&requested, Maker, Action::Decline, 1),
        Stage::Expired => step(&proposed, Clock, Action::Expire, 20),
        Stage::Cancelled => step(&designing, Buyer, Action::Cancel, 4),
    }
}

/// One of each step, with a plausible payload.
pub(super) fn every_action() -> Vec<Action> {
    Action::one_of_each(ring(1), "A thinner band, please".into(), pounds(100))
}

fn outcome(result: Result<Commission, Refusal>) -> String {
    match result {
        Ok(next) => format!("→ {:?}", next.stage),
        Err(refusal) => {
            let debug = format!("{refusal:?}");
            let name = debug.split(['(', ' ']).next().unwrap_or_default();
            format!("✗ {name}")
        }
    }
}

/// Every stage × step × party, one line per stage and step.
fn transition_table() -> String {
    let mut table = String::from(
        "# Every stage × step × party of a commission: → the stage it moves to, ✗ the refusal.\n\
         # Written by the domain's tests (TOUCHSTONE_WRITE_TRANSITIONS=1 rewrites it); a change\n\
         # to the flow shows here in review.\n",
    );
    for stage in Stage::ALL {
        let commission = in_stage(stage);
        table.push('\n');
        for action in every_action() {
            let cells: Vec<String> = Party::ALL
                .into_iter()
                .map(|party| {
                    let result = commission.apply(party, &action, day(9));
                    format!("{:<6} {:<22}", format!("{party:?}"), outcome(result))
                })
                .collect();
            table.push_str(
                format!(
                    "{:<18} {:<20} {}",
                    format!("{stage:?}"),
                    action.name(),
                    cells.join(" ")
                )
                .trim_end(),
            );
            table.push('\n');
        }
    }
    table
}

#[test]
fn the_transition_table_is_the_one_written_down() {
    let table = transition_table();
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/src/commissions/transitions.txt"
    );
    if std::env::var_os("TOUCHSTONE_WRITE_TRANSITIONS").is_some() {
        std::fs::write(path, &table).expect("transitions.txt written");
    }
    let written = std::fs::read_to_string(path).unwrap_or_default();
    assert!(
        written == table,
        "the flow changed: review it and rewrite src/commissions/transitions.txt with \
         TOUCHSTONE_WRITE_TRANSITIONS=1\n{table}"
    );
}

#[test]
fn the_table_keeps_its_rules() {
    for stage in Stage::ALL {
        let commission = in_stage(stage);
        assert_eq!(commission.stage, stage);
        let mut ways_forward = 0;
        for action in every_action() {
            for party in Party::ALL {
                let result = commission.apply(party, &action, day(30));
                if stage.is_closed() {
                    assert_eq!(result, Err(Refusal::Closed(stage)), "{stage:?}");
                    continue;
                }
                match result {
                    Ok(next) => {
                        ways_forward += 1;
                        assert_eq!(next.version, commission.version + 1);
                    }
                    Err(Refusal::OtherParty(owner)) => {
                        assert_ne!(owner, party, "{stage:?} {}", action.name());
                    }
                    Err(refusal) => assert!(!refusal.to_string().is_empty()),
                }
            }
        }
        assert_eq!(
            ways_forward == 0,
            stage.is_closed(),
            "{stage:?}: an open stage has a way forward"
        );
    }
}

#[test]
fn a_commission_runs_from_request_to_receipt_and_the_money_adds_up() {
    use Party::{Buyer, Maker};
    let mut c = Commission::requested();
    c = step(&c, Maker, Action::Propose(ring(7)), 1);
    assert_eq!(
        c.proposal.as_ref().map(|p| p.version),
        Some(1),
        "numbered by the flow"
    );
    c = step(&c, Buyer, changes(), 2);
    let mut second = ring(1);
    second.price = pounds(2_600);
    c = step(&c, Maker, Action::Propose(second), 3);
    assert_eq!(
        c.apply(Buyer, &Action::Accept { version: 1 }, day(3)),
        Err(Refusal::StaleProposal { current: 2 }),
        "the buyer accepts what they read"
    );
    c = step(&c, Buyer, Action::Accept { version: 2 }, 4);
    assert_eq!(
        (c.stage, c.price_minor(), c.deposit_minor()),
        (Stage::AwaitingDeposit, 260_000, 130_000)
    );
    assert_eq!(
        c.apply(
            Maker,
            &Action::RecordPayment {
                amount: pounds(3_000)
            },
            day(4)
        ),
        Err(Refusal::MoreThanOwed {
            owed: "£2,600".into()
        })
    );
    c = step(
        &c,
        Maker,
        Action::RecordPayment {
            amount: pounds(1_000),
        },
        5,
    );
    assert_eq!(c.stage, Stage::AwaitingDeposit, "a part of the deposit");
    c = step(
        &c,
        Maker,
        Action::RecordPayment {
            amount: pounds(300),
        },
        5,
    );
    assert_eq!((c.stage, c.round), (Stage::Designing, 1));
    c = step(&c, Maker, Action::PostDesign, 6);
    c = step(&c, Buyer, changes(), 7);
    assert_eq!((c.stage, c.round), (Stage::Designing, 2));
    c = step(&c, Maker, Action::PostDesign, 8);
    c = step(&c, Buyer, Action::ApproveDesign, 9);
    let agreement = c.agreement;
    assert_eq!(
        agreement,
        Some(Agreement {
            proposal_version: 2,
            design_round: 2,
            price_minor: 260_000
        })
    );
    c = step(&c, Maker, Action::StartMaking, 10);
    c = step(&c, Maker, Action::PostProgress, 12);
    c = step(&c, Maker, Action::PostProgress, 14);
    c = step(&c, Maker, Action::MarkReady, 20);
    assert_eq!(
        c.apply(Maker, &Action::Ship, day(20)),
        Err(Refusal::BalanceDue {
            owed: "£1,300".into()
        })
    );
    c = step(
        &c,
        Maker,
        Action::RecordPayment {
            amount: pounds(1_300),
        },
        21,
    );
    c = step(&c, Maker, Action::Ship, 21);
    assert_eq!(
        c.apply(Party::Clock, &Action::CompleteUnanswered, day(30)),
        Err(Refusal::NotYet)
    );
    c = step(&c, Buyer, Action::ConfirmReceipt, 23);
    assert_eq!(
        (c.stage, c.paid_minor, c.owed_minor()),
        (Stage::Completed, 260_000, 0)
    );
    assert_eq!(c.agreement, agreement, "the agreement never changed");
}

#[test]
fn a_round_past_those_included_is_a_priced_change_the_buyer_accepts() {
    use Party::{Buyer, Maker};
    let posted_twice = {
        let first = in_stage(Stage::DesignPosted);
        step(
            &step(&first, Buyer, changes(), 5),
            Maker,
            Action::PostDesign,
            6,
        )
    };
    assert_eq!(
        posted_twice.apply(Buyer, &changes(), day(7)),
        Err(Refusal::RoundsUsed(2))
    );
    let offered = step(
        &posted_twice,
        Maker,
        Action::OfferExtraRound { price: pounds(150) },
        7,
    );
    let third = step(&offered, Buyer, Action::AcceptExtraRound, 8);
    assert_eq!(
        (third.stage, third.round, third.rounds_allowed()),
        (Stage::Designing, 3, 3)
    );
    assert_eq!(
        third.price_minor(),
        255_000,
        "the extra round is on the price"
    );
    assert_eq!(
        in_stage(Stage::DesignPosted).apply(
            Maker,
            &Action::OfferExtraRound { price: pounds(150) },
            day(5)
        ),
        Err(Refusal::RoundsLeft)
    );
    let approved_instead = step(&offered, Buyer, Action::ApproveDesign, 8);
    assert_eq!(
        (approved_instead.stage, approved_instead.price_minor()),
        (Stage::Agreed, 240_000)
    );
}

#[test]
fn cancelling_refunds_what_the_terms_give_for_the_stage() {
    // £1,200 paid; the terms give back 80 % before the design is agreed, 50 % after,
    // nothing once making has started; a maker who cancels gives everything back.
    for (stage, by_buyer) in [
        (Stage::Designing, 96_000),
        (Stage::DesignPosted, 96_000),
        (Stage::Agreed, 60_000),
        (Stage::Making, 0),
        (Stage::Ready, 0),
    ] {
        let commission = in_stage(stage);
        assert_eq!(commission.paid_minor, 120_000);
        let cancelled = step(&commission, Party::Buyer, Action::Cancel, 9);
        assert_eq!(
            (cancelled.stage, cancelled.refunded_minor),
            (Stage::Cancelled, by_buyer),
            "{stage:?}"
        );
        let by_maker = step(&commission, Party::Maker, Action::Cancel, 9);
        assert_eq!(by_maker.refunded_minor, 120_000, "{stage:?}");
    }
    assert_eq!(
        in_stage(Stage::Dispatched).apply(Party::Buyer, &Action::Cancel, day(9)),
        Err(Refusal::NotNow(Stage::Dispatched)),
        "a dispatched piece is a return, not a cancellation"
    );
}

#[test]
fn a_proposal_is_open_for_its_days_and_then_expires() {
    let proposed = in_stage(Stage::Proposed);
    assert_eq!(
        proposed.apply(Party::Clock, &Action::Expire, day(14)),
        Err(Refusal::NotExpired)
    );
    assert_eq!(
        proposed.apply(Party::Buyer, &Action::Accept { version: 1 }, day(15)),
        Err(Refusal::ProposalExpired),
        "the clock may not have run yet"
    );
    assert_eq!(
        step(&proposed, Party::Clock, Action::Expire, 15).stage,
        Stage::Expired
    );
    assert_eq!(
        proposed.apply(Party::Buyer, &Action::Expire, day(15)),
        Err(Refusal::OtherParty(Party::Clock))
    );
}

#[test]
fn change_orders_after_the_lock_are_priced_and_answered_once() {
    let making = in_stage(Stage::Making);
    let offered = step(
        &making,
        Party::Maker,
        Action::OfferChange { price: pounds(200) },
        9,
    );
    assert_eq!(
        offered.apply(
            Party::Maker,
            &Action::OfferChange { price: pounds(1) },
            day(9)
        ),
        Err(Refusal::OfferPending)
    );
    assert_eq!(
        offered.apply(Party::Maker, &Action::MarkReady, day(9)),
        Err(Refusal::OfferPending)
    );
    let accepted = step(&offered, Party::Buyer, Action::AcceptChange, 10);
    assert_eq!(accepted.price_minor(), 260_000);
    assert_eq!(
        accepted.agreement, making.agreement,
        "the agreement stays as signed"
    );
    let declined = step(&offered, Party::Buyer, Action::DeclineChange, 10);
    assert_eq!(declined.price_minor(), 240_000);
    assert_eq!(
        declined.apply(Party::Buyer, &Action::AcceptChange, day(10)),
        Err(Refusal::NoOffer)
    );
    assert_eq!(
        making.apply(
            Party::Maker,
            &Action::OfferChange {
                price: Money::from_minor(100, Currency::EUR).expect("euros")
            },
            day(9)
        ),
        Err(Refusal::Currency(Currency::GBP))
    );
}

#[test]
fn a_deposit_of_nothing_starts_the_design_at_once() {
    let mut free = ring(1);
    free.deposit = Deposit::Share(percent(0));
    let proposed = step(
        &Commission::requested(),
        Party::Maker,
        Action::Propose(free),
        1,
    );
    let accepted = step(&proposed, Party::Buyer, Action::Accept { version: 1 }, 2);
    assert_eq!((accepted.stage, accepted.round), (Stage::Designing, 1));
}

mod random_steps;
