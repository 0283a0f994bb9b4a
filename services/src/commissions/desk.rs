//! Where both sides of a commission act: the buyer's request, then every step
//! either of them takes, each decided by the state machine on the version the
//! page showed and saved only over that version. Strangers learn nothing: a
//! commission that isn't theirs is "not found".

use super::letters::{self, Letter};
use super::views;
use super::{
    Action, AgreementCheck, AgreementDocument, AgreementParties, AgreementView, CommissionId,
    CommissionPicture, CommissionRecord, CommissionStore, CommissionSummary, CommissionView,
    MAX_STEP_PICTURES, NewStep, Party, Refusal, SignedAgreement, Stage, StepForm, StepRecord,
    UNSHOWABLE, check_agreement,
};
use crate::ServiceError;
use crate::accounts::{Outbox, StoredAccount, Throttle};
use crate::booking::BookingStore;
use crate::payments::{PaymentChanges, PaymentMethod};
use crate::provenance::{Notary, PassportStore};
use crate::shared::Next;
use crate::store::Catalogue;
use crate::studio::StudioStore;
use crate::till::Till;
use jiff::Timestamp;

pub struct CommissionDesk<'a> {
    pub commissions: &'a dyn CommissionStore,
    /// How money is taken, given back and kept.
    pub till: Till<'a>,
    /// Which studio an account has: a maker's commissions are their studio's.
    pub studios: &'a dyn StudioStore,
    /// Published makers by address, and whether they take commissions.
    pub catalogue: &'a dyn Catalogue,
    /// The consultation a request follows from.
    pub bookings: &'a dyn BookingStore,
    pub outbox: &'a dyn Outbox,
    /// Counts requests, against one account emailing every studio.
    pub throttle: &'a dyn Throttle,
    /// The finished piece's passport.
    pub passports: &'a dyn PassportStore,
    /// The commission's messages.
    pub threads: &'a dyn crate::threads::ThreadStore,
    /// The custody log of what the buyer handed over.
    pub custody: &'a dyn super::CustodyStore,
    /// Signs the design agreement and the finished piece's passport, and checks them.
    pub notary: &'a dyn Notary,
    /// The platform's fee on each payment, in basis points, as the ledger keeps it.
    pub fee_basis_points: u32,
    /// The public site, for the links emails carry.
    pub site: &'a str,
    pub now: Timestamp,
}

/// Where a commission's page is, with a notice for it.
pub(super) fn to_page(id: CommissionId, notice: String) -> Next {
    Next {
        path: format!("/commissions/{}", id.0),
        form: "commission",
        notice: Some(notice),
    }
}

/// A refusal by the state machine, as the person is told it.
fn refused(refusal: Refusal) -> ServiceError {
    match refusal {
        Refusal::OtherParty(_) => ServiceError::Forbidden,
        refusal => ServiceError::Invalid(refusal.to_string()),
    }
}

impl<'a> CommissionDesk<'a> {
    /// The desk over the parts of `store` it uses.
    pub fn new(
        store: &'a dyn crate::store::Store,
        notary: &'a dyn Notary,
        fee_basis_points: u32,
        site: &'a str,
        now: Timestamp,
    ) -> Self {
        CommissionDesk {
            commissions: store,
            till: Till::recorded_by_maker(store),
            studios: store,
            catalogue: store,
            bookings: store,
            outbox: store,
            throttle: store,
            passports: store,
            threads: store,
            custody: store,
            notary,
            fee_basis_points,
            site,
            now,
        }
    }

    pub(super) async fn send(&self, to: Option<&str>, letter: Letter) -> Result<(), ServiceError> {
        if let Some(to) = to {
            self.outbox
                .queue_mail(to, &letter.subject, &letter.body, self.now)
                .await?;
        }
        Ok(())
    }

    pub(super) async fn record(&self, id: CommissionId) -> Result<CommissionRecord, ServiceError> {
        self.commissions
            .commission(id)
            .await?
            .ok_or(ServiceError::NotFound)
    }

    /// The commission and the viewer's side of it; "not found" for anyone else.
    pub(super) async fn seen_by(
        &self,
        raw_id: &str,
        viewer: Option<&StoredAccount>,
    ) -> Result<(CommissionRecord, Party), ServiceError> {
        let viewer = viewer.ok_or(ServiceError::Unauthenticated)?;
        let id = raw_id
            .trim()
            .parse::<i64>()
            .ok()
            .filter(|id| *id > 0)
            .map(CommissionId)
            .ok_or(ServiceError::NotFound)?;
        let record = self.record(id).await?;
        if record.buyer == viewer.id {
            return Ok((record, Party::Buyer));
        }
        match self.studios.studio_of(viewer.id).await? {
            Some(studio) if studio.id == record.maker => Ok((record, Party::Maker)),
            _ => Err(ServiceError::NotFound),
        }
    }

    pub async fn page(
        &self,
        raw_id: &str,
        viewer: Option<&StoredAccount>,
    ) -> Result<CommissionView, ServiceError> {
        let (record, party) = self.seen_by(raw_id, viewer).await?;
        // A card payment taken before the processor's word came is recorded
        // first, so the page shows the commission as it now is.
        let (record, card) = match self.card_checkout(&record, party).await? {
            super::cards::CardOnPage::Recorded => (self.record(record.id).await?, None),
            super::cards::CardOnPage::Form(card) => (record, Some(card)),
            super::cards::CardOnPage::Nothing => (record, None),
        };
        let steps = self.commissions.commission_steps(record.id).await?;
        let (messages, read_up_to) = crate::threads::read(
            self.threads,
            self.outbox,
            crate::threads::Thread::Commission(record.id),
            party,
        )
        .await?;
        let conversation = views::Conversation {
            messages,
            read_up_to,
        };
        let payments = self.till.records.payments_for(&record.id.purpose()).await?;
        let pass = crate::MediaPass::of(self.notary);
        let check = self
            .signed_agreement(&record)
            .await?
            .map(|(_, check)| check);
        let history = views::History {
            steps,
            agreement: check,
            conversation,
            payments,
        };
        let mut view = views::page(&record, &history, party, &pass, self.now);
        view.finished = self.finished_view(&record, party).await?;
        view.custody = self.custody_view(&record, party).await?;
        if self.till.cards.is_some() && party == Party::Buyer {
            view.card_due = super::cards::card_due(&record).map(|due| due.to_string());
            view.card = card;
        }
        Ok(view)
    }

    /// The signed agreement, checked, for either side.
    pub async fn agreement(
        &self,
        raw_id: &str,
        viewer: Option<&StoredAccount>,
    ) -> Result<AgreementView, ServiceError> {
        let (record, _) = self.seen_by(raw_id, viewer).await?;
        let (stored, check) = self
            .signed_agreement(&record)
            .await?
            .ok_or(ServiceError::NotFound)?;
        Ok(views::agreement_page(record.id.0, &stored, &check))
    }

    /// The commission's signed agreement, once the design is agreed, and what
    /// checking it found.
    pub(super) async fn signed_agreement(
        &self,
        record: &CommissionRecord,
    ) -> Result<Option<(SignedAgreement, AgreementCheck)>, ServiceError> {
        Ok(self.commissions.agreement(record.id).await?.map(|stored| {
            let check = check_agreement(&stored, record.id.0, self.notary);
            (stored, check)
        }))
    }

    /// The buyer's commissions, or the maker's when `as_maker`: those waiting for
    /// the viewer first.
    pub async fn list(
        &self,
        viewer: Option<&StoredAccount>,
        as_maker: bool,
    ) -> Result<Vec<CommissionSummary>, ServiceError> {
        let viewer = viewer.ok_or(ServiceError::Unauthenticated)?;
        let (records, party) = if as_maker {
            let studio =
                self.studios.studio_of(viewer.id).await?.ok_or_else(|| {
                    ServiceError::Invalid("Please open your studio first.".into())
                })?;
            (
                self.commissions.maker_commissions(studio.id).await?,
                Party::Maker,
            )
        } else {
            (
                self.commissions.buyer_commissions(viewer.id).await?,
                Party::Buyer,
            )
        };
        let mut summaries: Vec<CommissionSummary> = records
            .iter()
            .map(|record| views::summary(record, party))
            .collect();
        // A stable sort keeps the most recently moved first within each group.
        summaries.sort_by_key(|summary| (!summary.waiting_for_you, summary.stage.is_closed()));
        Ok(summaries)
    }

    /// How many pictures the viewer may send with `step` now, and the studio
    /// they count towards: only the maker's design and progress steps take them.
    pub async fn picture_room(
        &self,
        viewer: Option<&StoredAccount>,
        raw_id: &str,
        step: &str,
        version: &str,
    ) -> Result<usize, ServiceError> {
        let (record, party) = self.seen_by(raw_id, viewer).await?;
        if version.trim() != record.state.version.to_string() {
            return Err(changed_meanwhile());
        }
        if !takes_pictures(step) {
            return Err(ServiceError::Invalid(
                "Pictures go with a design or a progress update.".into(),
            ));
        }
        if party != Party::Maker {
            return Err(ServiceError::Forbidden);
        }
        if !record
            .state
            .steps_open_to(party, self.now)
            .contains(&step.trim())
        {
            return Err(ServiceError::Invalid(format!(
                "That can't be done while the commission is {}.",
                record.state.stage.label()
            )));
        }
        Ok(MAX_STEP_PICTURES)
    }

    /// One step by the viewer, as the page's form asked for it, with the
    /// pictures that came with it (through the photo pipeline already).
    pub async fn step(
        &self,
        viewer: Option<&StoredAccount>,
        form: &StepForm,
        pictures: Vec<CommissionPicture>,
    ) -> Result<Next, ServiceError> {
        let decided = self.decide(viewer, form, pictures.len()).await?;
        self.take(decided, pictures).await
    }

    /// Decides the step the form asks for, with `pictures` pictures to come,
    /// without saving anything: an upload stores its pictures only once its step
    /// is known to be allowed.
    pub async fn decide(
        &self,
        viewer: Option<&StoredAccount>,
        form: &StepForm,
        pictures: usize,
    ) -> Result<Decided, ServiceError> {
        let (record, party) = self.seen_by(&form.commission, viewer).await?;
        let state = &record.state;
        if form.version.trim() != state.version.to_string() {
            return Err(changed_meanwhile());
        }
        let action = form
            .action(state.currency())
            .map_err(ServiceError::Invalid)?;
        let note = match &action {
            Action::AskForChanges { note } => note.trim().to_owned(),
            _ => form.note.trim().to_owned(),
        };
        if matches!(action, Action::Ship) && note.is_empty() {
            return Err(ServiceError::Invalid(
                "Please give the carrier and the tracking number.".into(),
            ));
        }
        let next = state.apply(party, &action, self.now).map_err(refused)?;
        // The timeline keeps a proposal with the version the flow gave it.
        let action = match (action, &next.proposal) {
            (Action::Propose(_), Some(numbered)) => Action::Propose(numbered.clone()),
            (action, _) => action,
        };
        if pictures > 0 && !takes_pictures(action.name()) {
            return Err(ServiceError::Invalid(
                "Pictures go with a design or a progress update.".into(),
            ));
        }
        if pictures > MAX_STEP_PICTURES {
            return Err(ServiceError::Invalid(format!(
                "A step carries at most {MAX_STEP_PICTURES} pictures."
            )));
        }
        let method = match action {
            Action::RecordPayment { .. } => Some(
                PaymentMethod::from_slug(&form.method)
                    .filter(|method| PaymentMethod::RECORDED.contains(method))
                    .ok_or_else(|| {
                        ServiceError::Invalid("Please say how the payment was made.".into())
                    })?,
            ),
            _ => None,
        };
        if matches!(action, Action::PostDesign) && pictures == 0 {
            return Err(ServiceError::Invalid(
                "Please add at least one picture of the design: a sketch, a render or a photo."
                    .into(),
            ));
        }
        Ok(Decided {
            record,
            party,
            next,
            action,
            note,
            method,
        })
    }

    /// Saves a decided step over the version it was decided at, and tells the
    /// other side.
    pub async fn take(
        &self,
        decided: Decided,
        mut pictures: Vec<CommissionPicture>,
    ) -> Result<Next, ServiceError> {
        let Decided {
            record,
            party,
            next,
            action,
            note,
            method,
        } = decided;
        let state = &record.state;
        let caption = match action {
            Action::PostDesign => format!("Design round {}", state.round),
            _ => "Progress".to_owned(),
        };
        for (n, picture) in pictures.iter_mut().enumerate() {
            picture.image.alt = format!("{caption}, picture {}", n + 1);
            picture.image.access.clear();
        }
        let agreement = if next.stage == Stage::Agreed && state.stage != Stage::Agreed {
            let steps = self.commissions.commission_steps(record.id).await?;
            let document = AgreementDocument::of(
                &next,
                &AgreementParties {
                    commission: record.id.0,
                    maker: &record.maker_name,
                    maker_address: &record.maker_slug,
                },
                approved_design(&steps),
                self.now,
            )
            .ok_or_else(|| ServiceError::internal("an agreed commission without its terms"))?;
            Some(document.signed(self.notary, self.now))
        } else {
            None
        };
        let mut ledger = Vec::new();
        let payment = match (&action, method) {
            (Action::RecordPayment { amount }, Some(method)) => {
                let payment = self.collect(&record, &next, *amount, method).await?;
                ledger.push((
                    payment.request.idempotency_key.clone(),
                    self.payment_lines(&record, *amount, method),
                ));
                Some(payment)
            }
            _ => None,
        };
        let refunds = if matches!(action, Action::Cancel) && next.refunded_minor > 0 {
            let (refunds, lines) = self.refund(&record, next.refunded_minor).await?;
            ledger.extend(lines);
            refunds
        } else {
            Vec::new()
        };
        let step = NewStep {
            schedule: next.clock_jobs(),
            next,
            party,
            action,
            note,
            pictures,
            money: PaymentChanges {
                payment,
                refunds,
                ledger,
                ..PaymentChanges::default()
            },
            at: self.now,
        };
        if !self
            .commissions
            .record_step(record.id, &step, agreement.as_ref())
            .await?
        {
            return Err(changed_meanwhile());
        }
        let link = letters::page_link(self.site, &record);
        let letter = letters::stepped(&record, party, &step.action, &step.note, &link);
        self.send(record.email_of(party.other()), letter).await?;
        Ok(to_page(
            record.id,
            letters::step_sentence(&step.action, "You"),
        ))
    }
}

/// Text a person wrote, trimmed: not empty, at most `max` characters (else
/// `problem`), and nothing that can't be shown.
pub(super) fn written<'t>(
    text: &'t str,
    max: usize,
    problem: &str,
) -> Result<&'t str, ServiceError> {
    let text = text.trim();
    if text.is_empty() || text.chars().count() > max {
        return Err(ServiceError::Invalid(problem.to_owned()));
    }
    if crate::shared::has_control_characters(text) {
        return Err(ServiceError::Invalid(UNSHOWABLE.into()));
    }
    Ok(text)
}

/// The steps that carry pictures.
fn takes_pictures(step: &str) -> bool {
    matches!(step.trim(), "post-design" | "post-progress")
}

/// The SHA-256 of each picture of the design the buyer approved: the last one posted.
fn approved_design(steps: &[StepRecord]) -> Vec<String> {
    steps
        .iter()
        .rev()
        .find(|step| matches!(step.action, Action::PostDesign))
        .map(|step| {
            step.pictures
                .iter()
                .map(|picture| picture.sha256.clone())
                .collect()
        })
        .unwrap_or_default()
}

/// A step decided on the commission as the page showed it, not yet saved.
pub struct Decided {
    record: CommissionRecord,
    party: Party,
    next: super::Commission,
    action: Action,
    note: String,
    /// How a recorded payment was made.
    method: Option<PaymentMethod>,
}

impl Decided {
    /// The studio the step's pictures count towards.
    pub fn maker(&self) -> crate::makers::MakerId {
        self.record.maker
    }
}

/// Of two steps decided on one version, this one came second.
fn changed_meanwhile() -> ServiceError {
    ServiceError::Conflict(
        "This commission changed while you were looking: the page shows where it stands now."
            .into(),
    )
}
