//! The steps time takes: a proposal expires after its days (the buyer reminded
//! two days before), a dispatched piece completes 14 days after dispatch. The
//! jobs live in the database, set by the step that makes them due; any app
//! server claims what is due, takes the step through the same state machine and
//! compare-and-set as a person would, and removes the job.

use super::letters;
use super::{Action, ClockJob, CommissionStore, DueJob, NewStep, Party, Stage};
use crate::ServiceError;
use crate::accounts::Outbox;
use crate::payments::PaymentChanges;
use jiff::{SignedDuration, Timestamp};

/// How long a server holds a claimed job before another may take it.
const LEASE: SignedDuration = SignedDuration::from_mins(5);
/// Jobs claimed at a time.
const BATCH: u32 = 50;

pub struct CommissionClock<'a> {
    pub commissions: &'a dyn CommissionStore,
    pub outbox: &'a dyn Outbox,
    pub site: &'a str,
    pub now: Timestamp,
}

/// What a round of the clock did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ClockRound {
    pub steps_taken: usize,
    pub reminders_sent: usize,
    /// Jobs whose moment had passed (the commission had moved on): removed.
    pub jobs_dropped: usize,
    /// Jobs that failed this time, left to be tried again.
    pub jobs_failed: usize,
}

impl<'a> CommissionClock<'a> {
    pub fn new(store: &'a dyn crate::store::Store, site: &'a str, now: Timestamp) -> Self {
        CommissionClock {
            commissions: store,
            outbox: store,
            site,
            now,
        }
    }

    /// Runs every job due now.
    pub async fn run_due(&self) -> Result<ClockRound, ServiceError> {
        let mut round = ClockRound::default();
        let lease_until = self
            .now
            .checked_add(LEASE)
            .map_err(ServiceError::internal)?;
        loop {
            let jobs = self
                .commissions
                .claim_clock_jobs(self.now, lease_until, BATCH)
                .await?;
            for job in &jobs {
                // One job failing (its commission unreadable, the database
                // briefly away) leaves the others to run; it is tried again once
                // its lease ends.
                if let Err(error) = self.run(job, &mut round).await {
                    tracing::warn!(?job, %error, "a commission clock job failed");
                    round.jobs_failed += 1;
                }
            }
            if jobs.len() < BATCH as usize {
                return Ok(round);
            }
        }
    }

    async fn run(&self, job: &DueJob, round: &mut ClockRound) -> Result<(), ServiceError> {
        let Some(record) = self.commissions.commission(job.commission).await? else {
            return Ok(self.commissions.finish_clock_job(job).await?);
        };
        let link = letters::page_link(self.site, &record);
        let action = match job.job {
            ClockJob::RemindProposal => {
                if record.state.stage == Stage::Proposed
                    && let Some(until) = record.state.proposal_expires_at()
                {
                    let letter = letters::answer_soon(&record, &super::views::when(until), &link);
                    self.outbox
                        .queue_mail(&record.buyer_email, &letter.subject, &letter.body, self.now)
                        .await?;
                    round.reminders_sent += 1;
                } else {
                    round.jobs_dropped += 1;
                }
                return Ok(self.commissions.finish_clock_job(job).await?);
            }
            ClockJob::ExpireProposal => Action::Expire,
            ClockJob::CompleteUnanswered => Action::CompleteUnanswered,
        };
        let Ok(next) = record.state.apply(Party::Clock, &action, self.now) else {
            // The commission moved on (accepted, revised, received): nothing to do.
            round.jobs_dropped += 1;
            return Ok(self.commissions.finish_clock_job(job).await?);
        };
        let step = NewStep {
            schedule: next.clock_jobs(),
            next,
            party: Party::Clock,
            action,
            note: String::new(),
            pictures: Vec::new(),
            money: PaymentChanges::default(),
            at: self.now,
        };
        if !self.commissions.record_step(record.id, &step, None).await? {
            // A person's step came first; the job runs again once its lease ends
            // and then finds where the commission stands.
            return Ok(());
        }
        round.steps_taken += 1;
        for party in [Party::Buyer, Party::Maker] {
            if let Some(to) = record.email_of(party) {
                let letter = letters::clock_stepped(&step.action, record.name_of(party), &link);
                self.outbox
                    .queue_mail(to, &letter.subject, &letter.body, self.now)
                    .await?;
            }
        }
        Ok(self.commissions.finish_clock_job(job).await?)
    }
}
