//! What comes next for a commission: whose move it is, the steps each side may
//! take now (what its page offers), and the steps the clock waits to take.

use super::flow::{
    Action, Commission, DISPATCH_COMPLETES_AFTER, Party, REMIND_BEFORE_EXPIRY, Stage,
};
use super::store::ClockJob;
use super::terms::Proposal;
use crate::shared::Money;
use jiff::Timestamp;

impl Commission {
    /// The clock's steps this commission waits for, and when: a proposal's expiry
    /// (and the reminder two days before it), completion 14 days after dispatch.
    pub fn clock_jobs(&self) -> Vec<(super::ClockJob, Timestamp)> {
        match self.stage {
            Stage::Proposed => {
                let Some(expiry) = self.proposal_expires_at() else {
                    return Vec::new();
                };
                let mut jobs = vec![(ClockJob::ExpireProposal, expiry)];
                if let Ok(reminder) = expiry.checked_sub(REMIND_BEFORE_EXPIRY)
                    && self.proposed_at.is_some_and(|sent| sent < reminder)
                {
                    jobs.push((ClockJob::RemindProposal, reminder));
                }
                jobs
            }
            Stage::Dispatched => self
                .dispatched_at
                .and_then(|at| at.checked_add(DISPATCH_COMPLETES_AFTER).ok())
                .map(|due| vec![(ClockJob::CompleteUnanswered, due)])
                .unwrap_or_default(),
            _ => Vec::new(),
        }
    }

    /// Whose move it is: the person the commission waits for, if anyone.
    pub fn waiting_on(&self) -> Option<Party> {
        use Stage::*;
        match self.stage {
            Agreed | Making if self.offer.is_some() => Some(Party::Buyer),
            Requested | ChangesAsked | AwaitingDeposit | Designing | Agreed | Making | Ready => {
                Some(Party::Maker)
            }
            Proposed | DesignPosted | ExtraRoundOffered | Dispatched => Some(Party::Buyer),
            Completed | Declined | Expired | Cancelled => None,
        }
    }

    /// The steps `party` may take now: each tried with the amounts a form starts
    /// from (one minor unit, the current proposal), so a page offers only steps
    /// that can happen, and the step taken is decided again on what was typed.
    pub fn steps_open_to(&self, party: Party, now: Timestamp) -> Vec<&'static str> {
        self.sample_actions()
            .into_iter()
            .filter(|action| self.apply(party, action, now).is_ok())
            .map(|action| action.name())
            .collect()
    }

    fn sample_actions(&self) -> Vec<Action> {
        let currency = self.currency().unwrap_or(crate::shared::Currency::GBP);
        let Ok(least) = Money::from_minor(1, currency) else {
            return Vec::new();
        };
        let proposal = self
            .proposal
            .clone()
            .unwrap_or_else(|| Proposal::sketch(least));
        Action::one_of_each(proposal, "changes".to_owned(), least)
    }
}

impl Action {
    /// One of each step, carrying `proposal` (and its version), `note` and `amount`
    /// where a step needs them: the steps a page tries, and the steps tests run
    /// through the flow. Every step is named here once, so a new one is tried too.
    pub fn one_of_each(proposal: Proposal, note: String, amount: Money) -> Vec<Action> {
        let version = proposal.version;
        vec![
            Action::Propose(proposal),
            Action::AskForChanges { note },
            Action::Accept { version },
            Action::Decline,
            Action::Expire,
            Action::RecordPayment { amount },
            Action::PostDesign,
            Action::ApproveDesign,
            Action::OfferExtraRound { price: amount },
            Action::AcceptExtraRound,
            Action::OfferChange { price: amount },
            Action::AcceptChange,
            Action::DeclineChange,
            Action::StartMaking,
            Action::PostProgress,
            Action::MarkReady,
            Action::Ship,
            Action::HandOver,
            Action::ConfirmReceipt,
            Action::CompleteUnanswered,
            Action::Cancel,
        ]
    }
}

#[cfg(test)]
mod tests {
    use super::super::terms::tests::pounds;
    use super::super::tests::{day, every_action, in_stage};
    use super::*;

    #[test]
    fn a_page_offers_each_side_only_the_steps_it_can_take() {
        use Party::{Buyer, Clock, Maker};
        let now = day(3);
        for stage in Stage::ALL {
            let commission = in_stage(stage);
            for party in [Buyer, Maker] {
                let open = commission.steps_open_to(party, now);
                for name in &open {
                    let action = every_action()
                        .into_iter()
                        .find(|action| action.name() == *name)
                        .expect("a step");
                    assert!(
                        action.taken_by(party),
                        "{stage:?}: {party:?} is offered {name}"
                    );
                }
                if stage.is_closed() {
                    assert!(open.is_empty(), "{stage:?} offers {open:?}");
                }
            }
            // Time's steps, and a card payment Touchstone records on the
            // processor's word.
            assert!(commission.steps_open_to(Clock, now).iter().all(|name| {
                matches!(*name, "expire" | "complete-unanswered" | "record-payment")
            }));
        }
        let offered = |stage, party| in_stage(stage).steps_open_to(party, now);
        assert_eq!(offered(Stage::Requested, Maker), ["propose", "decline"]);
        assert_eq!(offered(Stage::Requested, Buyer), ["decline"]);
        assert_eq!(
            offered(Stage::Proposed, Buyer),
            ["ask-for-changes", "accept", "decline"]
        );
        assert_eq!(
            offered(Stage::DesignPosted, Buyer),
            ["ask-for-changes", "approve-design", "cancel"]
        );
        assert_eq!(
            offered(Stage::Ready, Maker),
            ["record-payment", "cancel"],
            "dispatch waits for the balance"
        );
    }

    #[test]
    fn the_commission_says_whose_move_it_is() {
        assert_eq!(in_stage(Stage::Requested).waiting_on(), Some(Party::Maker));
        assert_eq!(in_stage(Stage::Proposed).waiting_on(), Some(Party::Buyer));
        assert_eq!(
            in_stage(Stage::DesignPosted).waiting_on(),
            Some(Party::Buyer)
        );
        assert_eq!(in_stage(Stage::Making).waiting_on(), Some(Party::Maker));
        let offered = in_stage(Stage::Making)
            .apply(
                Party::Maker,
                &Action::OfferChange { price: pounds(200) },
                day(7),
            )
            .expect("a change offered");
        assert_eq!(offered.waiting_on(), Some(Party::Buyer));
        assert_eq!(in_stage(Stage::Completed).waiting_on(), None);
    }
}
