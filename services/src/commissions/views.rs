//! What a commission's pages show, built from the stored commission for the
//! person looking: every sum formatted, every step worded, only their steps open.

use super::letters::step_sentence;
use super::{
    AgreementCheck, AgreementDocument, AgreementLink, AgreementView, Commission, CommissionRecord,
    CommissionSummary, CommissionView, Deposit, FinishedPieceView, Offer, Party, PaymentView,
    Proposal, ProposalView, SignedAgreement, Specification, Stage, StepForm, StepRecord, StepView,
};
use crate::shared::{Currency, Money};
use jiff::Timestamp;

pub use crate::threads::when;
use crate::threads::{granted, message_views};

fn money(minor: i64, currency: Currency) -> String {
    Money::from_minor(minor, currency).map_or_else(|_| minor.to_string(), |m| m.to_string())
}

/// One line of facts: what it is about, and what was agreed.
fn fact(label: &str, value: impl Into<String>) -> (String, String) {
    (label.to_owned(), value.into())
}

/// What comes back of what was paid, in percent.
fn back_of_paid(percent: impl std::fmt::Display) -> String {
    format!("{percent}% of what was paid comes back")
}

/// What will be made, line by line; the fields left empty are left out.
fn specification_facts(spec: &Specification) -> Vec<(String, String)> {
    [
        ("The piece", &spec.piece),
        ("Metals", &spec.metals),
        ("Stones", &spec.stones),
        ("Dimensions", &spec.dimensions),
        ("Ring size", &spec.ring_size),
    ]
    .into_iter()
    .filter(|(_, text)| !text.is_empty())
    .map(|(label, text)| (label.to_owned(), text.clone()))
    .collect()
}

/// A proposal's terms, line by line, as the buyer reads them before accepting.
pub fn proposal_facts(proposal: &Proposal) -> Vec<(String, String)> {
    let currency = proposal.price.currency();
    let mut facts = specification_facts(&proposal.specification);
    let deposit = money(proposal.deposit_minor(), currency);
    facts.extend([
        fact("Price", proposal.price.to_string()),
        fact(
            "Deposit",
            match proposal.deposit {
                Deposit::Fixed(_) => format!("{deposit} design fee, credited to the price"),
                Deposit::Share(share) => format!(
                    "{deposit} ({}% of the price), credited to the price",
                    share.value()
                ),
            },
        ),
        fact(
            "Design rounds included",
            proposal.rounds_included.to_string(),
        ),
        fact(
            "Lead time",
            format!("{} weeks from the agreed design", proposal.lead_time_weeks),
        ),
        fact(
            "If the buyer cancels before the design is agreed",
            back_of_paid(proposal.refunds.before_design_agreed.value()),
        ),
        fact(
            "If the buyer cancels after the design is agreed",
            back_of_paid(proposal.refunds.after_design_agreed.value()),
        ),
        fact(
            "If the buyer cancels once making has started",
            back_of_paid(proposal.refunds.once_making_started.value()),
        ),
        fact("If the maker cancels", "everything paid comes back"),
    ]);
    facts
}

/// A line of the viewer's list of commissions.
pub fn summary(record: &CommissionRecord, viewer: Party) -> CommissionSummary {
    let state = &record.state;
    let piece = state
        .accepted
        .as_ref()
        .or(state.proposal.as_ref())
        .map(|proposal| proposal.specification.piece.clone())
        .unwrap_or_else(|| crate::shared::first_chars(record.brief.trim(), 80));
    CommissionSummary {
        id: record.id.0,
        with: record.name_of(viewer.other()).to_owned(),
        piece,
        stage: state.stage,
        stage_label: state.stage.label().to_owned(),
        waiting_for_you: state.waiting_on() == Some(viewer),
        updated: when(record.updated_at),
    }
}

fn money_lines(state: &Commission) -> Vec<(String, String)> {
    let Some(currency) = state.accepted.as_ref().map(|p| p.price.currency()) else {
        return Vec::new();
    };
    let mut lines = vec![fact("Price", money(state.price_minor(), currency))];
    if state.changes_minor != 0 {
        lines.push(fact(
            "Of which agreed changes",
            money(state.changes_minor, currency),
        ));
    }
    lines.extend([
        fact("Deposit", money(state.deposit_minor(), currency)),
        fact("Paid", money(state.paid_minor, currency)),
        fact("Still to pay", money(state.owed_minor(), currency)),
    ]);
    if state.stage == Stage::Cancelled {
        lines.push(fact("Refunded", money(state.refunded_minor, currency)));
    }
    lines
}

/// Everything kept about a commission besides its record.
pub struct History {
    pub steps: Vec<StepRecord>,
    /// The agreement's check, once there is one.
    pub agreement: Option<AgreementCheck>,
    pub conversation: Conversation,
    pub payments: Vec<crate::payments::Payment>,
}

/// A commission's page for `viewer`.
pub fn page(
    record: &CommissionRecord,
    history: &History,
    viewer: Party,
    pass: &crate::MediaPass,
    now: Timestamp,
) -> CommissionView {
    let History {
        steps,
        agreement,
        conversation,
        payments,
    } = history;
    let state = &record.state;
    let currency = state.currency();
    let shown = state.accepted.as_ref().or(state.proposal.as_ref());
    let open_steps: Vec<String> = state
        .steps_open_to(viewer, now)
        .into_iter()
        .map(str::to_owned)
        .collect();
    let cancel_refund = (open_steps.iter().any(|step| step == "cancel"))
        .then(|| currency.map(|currency| money(state.refund_if_cancelled_by(viewer), currency)))
        .flatten();
    CommissionView {
        id: record.id.0,
        as_maker: viewer == Party::Maker,
        maker_name: record.maker_name.clone(),
        maker_slug: record.maker_slug.clone(),
        buyer_name: record.buyer_name.clone(),
        brief: record.brief.clone(),
        requested: when(record.created_at),
        booking: record.booking.map(|booking| booking.0),
        stage: state.stage,
        stage_label: state.stage.label().to_owned(),
        version: state.version,
        proposal: shown.map(|proposal| ProposalView {
            version: proposal.version,
            facts: proposal_facts(proposal),
            answer_by: (state.stage == Stage::Proposed)
                .then(|| state.proposal_expires_at().map(when))
                .flatten(),
        }),
        money: money_lines(state),
        payments: payments.iter().map(payment_view).collect(),
        rounds: (state.round > 0).then(|| {
            format!(
                "Design round {} of {} included{}",
                state.round,
                state.accepted.as_ref().map_or(0, |p| p.rounds_included),
                match state.extra_rounds {
                    0 => String::new(),
                    1 => ", and 1 extra round bought".into(),
                    n => format!(", and {n} extra rounds bought"),
                }
            )
        }),
        offer: state
            .offer
            .zip(currency)
            .map(|(offer, currency)| match offer {
                Offer::ExtraRound { minor } => {
                    format!("An extra design round for {}", money(minor, currency))
                }
                Offer::Change { minor } => {
                    format!(
                        "A change to the agreed design for {}",
                        money(minor, currency)
                    )
                }
            }),
        open_steps,
        cancel_refund,
        currency: currency.map_or("GBP", Currency::code).to_owned(),
        proposal_form: state
            .proposal
            .as_ref()
            .map(StepForm::of_proposal)
            .unwrap_or_else(|| StepForm {
                currency: "GBP".into(),
                deposit_kind: "share".into(),
                deposit: "50".into(),
                rounds: "2".into(),
                lead_weeks: "6".into(),
                refund_before: "80".into(),
                refund_after: "50".into(),
                refund_making: "0".into(),
                valid_days: "14".into(),
                ..StepForm::default()
            }),
        agreement: agreement.as_ref().map(|check| AgreementLink {
            digest: check.digest.clone(),
            valid: check.valid,
        }),
        steps: steps
            .iter()
            .map(|step| StepView {
                when: when(step.at),
                what: step_sentence(&step.action, record.name_of(step.party)),
                note: step.note.clone(),
                pictures: granted(&step.pictures, pass, now),
            })
            .collect(),
        messages: message_views(
            &conversation.messages,
            conversation.read_up_to,
            viewer,
            |party| record.name_of(party).to_owned(),
            pass,
            now,
        ),
        finished: FinishedPieceView::default(),
        custody: Default::default(),
        card_due: None,
        card: None,
    }
}

fn payment_view(payment: &crate::payments::Payment) -> PaymentView {
    use crate::payments::PaymentStatus;
    let currency = payment.amount.currency();
    PaymentView {
        when: when(payment.created_at),
        amount: payment.amount.to_string(),
        method: payment.method.label().to_owned(),
        status: match payment.status {
            PaymentStatus::Pending => "waiting for the payment service",
            PaymentStatus::Succeeded => "received",
            PaymentStatus::Failed => "failed",
        }
        .to_owned(),
        refunded: (payment.refunded_minor > 0).then(|| money(payment.refunded_minor, currency)),
    }
}

/// The commission's messages, and how far the viewer had read before this page.
pub struct Conversation {
    pub messages: Vec<crate::threads::Message>,
    pub read_up_to: i64,
}

/// The agreement's own page: the frozen document, checked.
pub fn agreement_page(
    commission: i64,
    stored: &SignedAgreement,
    check: &AgreementCheck,
) -> AgreementView {
    let facts = check
        .document
        .as_ref()
        .map(document_facts)
        .unwrap_or_default();
    AgreementView {
        commission,
        valid: check.valid,
        digest: check.digest.clone(),
        key_id: stored.key_id.clone(),
        signed_at: when(stored.signed_at),
        maker: check
            .document
            .as_ref()
            .map(|document| document.maker.clone())
            .unwrap_or_default(),
        facts,
        design_pictures: check
            .document
            .as_ref()
            .map(|document| document.design_pictures.clone())
            .unwrap_or_default(),
    }
}

fn document_facts(document: &AgreementDocument) -> Vec<(String, String)> {
    let Ok(currency) = Currency::parse(&document.currency) else {
        return Vec::new();
    };
    let mut facts = specification_facts(&document.specification);
    facts.extend([
        fact("Price agreed", money(document.price_minor, currency)),
        fact("Deposit", money(document.deposit_minor, currency)),
        fact(
            "Design",
            format!(
                "round {} of proposal version {} ({} included, {} extra)",
                document.design_round,
                document.proposal_version,
                document.rounds_included,
                document.extra_rounds
            ),
        ),
        fact("Lead time", format!("{} weeks", document.lead_time_weeks)),
        fact(
            "Refund if the buyer cancels after the design is agreed",
            format!(
                "{}% of what was paid",
                document.refunds.after_design_agreed.value()
            ),
        ),
        fact(
            "Refund if the buyer cancels once making has started",
            format!(
                "{}% of what was paid",
                document.refunds.once_making_started.value()
            ),
        ),
        fact(
            "Agreed",
            document
                .agreed_at
                .parse::<Timestamp>()
                .map_or_else(|_| document.agreed_at.clone(), when),
        ),
    ]);
    facts
}
