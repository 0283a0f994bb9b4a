//! Demo commissions: a demo buyer with commissions at the demo makers in every
//! part of the flow — waiting for a proposal, a proposal to answer, a design to
//! approve, being made under a signed agreement, completed — so `make run` shows
//! the whole of it. Each is taken through the same state machine as a person's.
//! The one on its way to the buyer has its finished piece written up and its
//! passport issued, private to the buyer.

use app::accounts::{DisplayName, Email, NewAccount, Role};
use app::commissions::{
    Action, AgreementDocument, AgreementParties, Commission, CommissionId, CommissionPicture,
    Deposit, NewCommission, NewStep, Party, Proposal, RefundTerms, SignedAgreement, Specification,
    check_agreement,
};
use app::makers::MakerId;
use app::payments::{NewPayment, PaymentMethod, PaymentRequest, PaymentStatus};
use app::pieces::Percent;
use app::provenance::Notary;
use app::shared::{Country, Currency, Money, Slug};
use app::shared::{ImageRef, hex};
use app::store::Media;
use app::store::{Store, StoreError};
use jiff::{SignedDuration, Timestamp};
use sha2::{Digest, Sha256};

/// The demo buyer's address; the password is `DEMO_PASSWORD`.
pub const DEMO_BUYER: &str = "buyer@demo.touchstone.example";
/// Written down in the README: the demo is a demo.
pub const DEMO_PASSWORD: &str = "velvet orbit lantern demo";
/// `DEMO_PASSWORD`, hashed once (Argon2id, the parameters sign-up uses), so
/// seeding doesn't spend a second hashing it.
const DEMO_PASSWORD_HASH: &str = "$argon2id$v=19$m=19456,t=2,p=1$XOkiejHZjqj2DpZtontJNw$pRAOvswLXsY9Ve3nqUmdIFHmqi2FFZpUj3iHefHBwUc";

/// A demo maker open for commissions.
pub struct OpenMaker {
    pub id: MakerId,
    pub name: String,
    pub slug: String,
    pub currency: Currency,
    pub country: Country,
}

const BRIEFS: [&str; 5] = [
    "An engagement ring around my grandmother's sapphire, in recycled yellow gold: \
     something low enough to wear every day.",
    "Two wedding bands that sit against an existing ring with a marquise stone.",
    "A pendant from the gold of my late father's signet ring, with his initials inside.",
    "Ear studs with lab-grown emeralds for my daughter's eighteenth birthday.",
    "A signet ring with our family's crest, engraved by hand.",
];

/// How far each demo commission has gone, by the steps that take it there.
const HOW_FAR: [usize; 5] = [0, 1, 4, 10, 13];

fn percent(value: u8) -> Result<Percent, StoreError> {
    Percent::new(value).map_err(super::backend)
}

fn proposal(currency: Currency, index: usize) -> Result<Proposal, StoreError> {
    let major = [2_400, 1_650, 1_200, 980, 2_100][index % 5];
    let price = Money::from_minor(major * 100, currency).map_err(super::backend)?;
    let piece = [
        "Engagement ring",
        "Pair of wedding bands",
        "Pendant",
        "Ear studs",
        "Signet ring",
    ];
    Ok(Proposal {
        version: 1,
        specification: Specification {
            piece: piece[index % 5].into(),
            metals: "18k recycled yellow gold (750), hallmarked".into(),
            stones: [
                "Client's own sapphire, about 1 ct",
                "",
                "",
                "2 laboratory-grown emeralds, 4 mm",
                "",
            ][index % 5]
                .into(),
            dimensions: [
                "Band 2.2 mm",
                "Bands 2.5 mm",
                "18 mm disc",
                "4 mm settings",
                "Face 12 × 10 mm",
            ][index % 5]
                .into(),
            ring_size: ["UK M", "UK L and UK S", "", "", "UK P"][index % 5].into(),
        },
        price,
        deposit: Deposit::Share(percent(40)?),
        rounds_included: 2,
        lead_time_weeks: 6,
        refunds: RefundTerms {
            before_design_agreed: percent(80)?,
            after_design_agreed: percent(50)?,
            once_making_started: percent(0)?,
        },
        valid_for_days: 60,
    })
}

/// A drawing for a demo commission (a design round's sketch, a progress photo,
/// the finished piece): a ring in pencil lines, private to the maker and the
/// buyer like any commission picture.
pub(super) fn sketch(maker: &OpenMaker, caption: &str, size: i32) -> Media {
    let stone = 60 + 8 * size;
    let svg = format!(
        r##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 640 480" width="640" height="480"><rect width="640" height="480" fill="#fbf8f3"/><g fill="none" stroke="#4a4238" stroke-width="3"><ellipse cx="320" cy="300" rx="170" ry="120"/><ellipse cx="320" cy="300" rx="140" ry="95"/><path d="M270 190 L320 {top} L370 190 Z"/><ellipse cx="320" cy="175" rx="{stone}" ry="{half}"/></g><text x="24" y="40" font-family="Georgia, serif" font-size="22" fill="#4a4238">{name}: {caption}</text></svg>"##,
        top = 190 - stone,
        half = stone / 2,
        name = maker.name,
    );
    let bytes = svg.into_bytes();
    Media {
        key: format!("{}.svg", hex(&Sha256::digest(&bytes)[..16])),
        content_type: "image/svg+xml".into(),
        width: 640,
        height: 480,
        bytes,
        private: true,
        maker: Some(maker.id),
    }
}

/// Stores `media` and names it for a commission's step, by its SHA-256.
pub(super) async fn picture(
    store: &dyn Store,
    media: Media,
    alt: String,
) -> Result<CommissionPicture, StoreError> {
    store.put_media(&media).await?;
    Ok(CommissionPicture {
        sha256: hex(&Sha256::digest(&media.bytes)),
        image: ImageRef {
            key: media.key,
            width: media.width,
            height: media.height,
            alt,
            access: String::new(),
        },
    })
}

/// The steps a commission takes from its request to its completion.
fn journey(proposal: &Proposal) -> Result<Vec<(Party, Action, &'static str)>, StoreError> {
    let currency = proposal.price.currency();
    let deposit = Money::from_minor(proposal.deposit_minor(), currency).map_err(super::backend)?;
    let balance = Money::from_minor(proposal.price.minor() - proposal.deposit_minor(), currency)
        .map_err(super::backend)?;
    Ok(vec![
        (Party::Maker, Action::Propose(proposal.clone()), ""),
        (Party::Buyer, Action::Accept { version: 1 }, ""),
        (
            Party::Maker,
            Action::RecordPayment { amount: deposit },
            "Bank transfer received",
        ),
        (
            Party::Maker,
            Action::PostDesign,
            "A low bezel setting, the band tapering to 2 mm",
        ),
        (
            Party::Buyer,
            Action::AskForChanges {
                note: "Could the band be a touch wider at the back?".into(),
            },
            "",
        ),
        (
            Party::Maker,
            Action::PostDesign,
            "Wider at the back, as asked",
        ),
        (Party::Buyer, Action::ApproveDesign, ""),
        (Party::Maker, Action::StartMaking, ""),
        (Party::Maker, Action::PostProgress, "Cast and cleaned up"),
        (
            Party::Maker,
            Action::PostProgress,
            "Stone set; polishing next",
        ),
        (Party::Maker, Action::MarkReady, ""),
        (
            Party::Maker,
            Action::RecordPayment { amount: balance },
            "Balance received",
        ),
        (Party::Maker, Action::Ship, "Royal Mail Special Delivery"),
        (Party::Buyer, Action::ConfirmReceipt, ""),
    ])
}

/// Adds the demo buyer and their commissions with the first open makers, the
/// steps dated in the days before `now` (the clock's jobs follow from them).
pub async fn seed(
    store: &dyn Store,
    makers: &[OpenMaker],
    notary: &dyn Notary,
    site: &str,
    fee_basis_points: u32,
    now: Timestamp,
) -> Result<usize, StoreError> {
    let buyer = store
        .create_account(&NewAccount {
            email: Email::parse(DEMO_BUYER).map_err(super::backend)?,
            display_name: DisplayName::parse("Sam Demo").map_err(super::backend)?,
            password_hash: DEMO_PASSWORD_HASH.into(),
            role: Role::Buyer,
            created_at: now,
        })
        .await?;
    store.mark_email_verified(buyer, now).await?;
    let mut made = 0;
    for ((index, maker), how_far) in makers.iter().enumerate().zip(HOW_FAR) {
        let started = now
            .checked_sub(SignedDuration::from_hours(24 * (40 - 5 * index as i64)))
            .map_err(super::backend)?;
        let id = store
            .create_commission(&NewCommission {
                maker: maker.id,
                buyer,
                booking: None,
                brief: BRIEFS[index % BRIEFS.len()].into(),
                created_at: started,
            })
            .await?;
        let mut state = Commission::requested();
        // The pictures of the design posted last: what an approval agrees to.
        let mut design: Vec<CommissionPicture> = Vec::new();
        let mut signed: Option<SignedAgreement> = None;
        let steps = journey(&proposal(maker.currency, index)?)?;
        for (n, (party, action, note)) in steps.into_iter().take(how_far).enumerate() {
            let at = started
                .checked_add(SignedDuration::from_hours(24 * (n as i64 + 1)))
                .map_err(super::backend)?;
            let next = state.apply(party, &action, at).map_err(super::backend)?;
            let pictures = match action {
                Action::PostDesign => {
                    let round = next.round;
                    let drawn = sketch(maker, &format!("design round {round}"), i32::from(round));
                    design = vec![
                        picture(store, drawn, format!("Design round {round}, picture 1")).await?,
                    ];
                    design.clone()
                }
                Action::PostProgress => {
                    let drawn = sketch(maker, note, 6 + n as i32);
                    vec![picture(store, drawn, format!("Progress: {note}")).await?]
                }
                _ => Vec::new(),
            };
            let agreement = (matches!(action, Action::ApproveDesign))
                .then(|| {
                    AgreementDocument::of(
                        &next,
                        &AgreementParties {
                            commission: id.0,
                            maker: &maker.name,
                            maker_address: &maker.slug,
                        },
                        design
                            .iter()
                            .map(|picture| picture.sha256.clone())
                            .collect(),
                        at,
                    )
                })
                .flatten()
                .map(|document| document.signed(notary, at));
            let payment = match &action {
                Action::RecordPayment { amount } => Some(NewPayment {
                    request: PaymentRequest {
                        purpose: id.purpose(),
                        amount: *amount,
                        method: PaymentMethod::BankTransfer,
                        idempotency_key: format!("{}-v{}", id.purpose(), next.version),
                    },
                    status: PaymentStatus::Succeeded,
                    reference: None,
                    at,
                }),
                _ => None,
            };
            let ledger = match &payment {
                Some(paid) => vec![(
                    paid.request.idempotency_key.clone(),
                    domain::payments::payment_lines(
                        maker.id,
                        paid.request.amount.minor(),
                        domain::payments::platform_fee(
                            paid.request.amount.minor(),
                            fee_basis_points,
                        ),
                        paid.request.amount.currency(),
                        paid.request.method,
                    ),
                )],
                None => Vec::new(),
            };
            let step = NewStep {
                schedule: next.clock_jobs(),
                next: next.clone(),
                party,
                action,
                note: note.into(),
                pictures,
                money: domain::payments::PaymentChanges {
                    payment,
                    ledger,
                    ..Default::default()
                },
                at,
            };
            if !store.record_step(id, &step, agreement.as_ref()).await? {
                return Err(super::backend(
                    "a demo commission moved while it was seeded",
                ));
            }
            if let Some(agreement) = agreement {
                signed = Some(agreement);
            }
            state = next;
        }
        if state.stage == app::commissions::Stage::Dispatched
            && let Some(agreement) = &signed
        {
            // Made with the client's own stone, taken in the day after she asked.
            let taken_in = started
                .checked_add(SignedDuration::from_hours(24))
                .map_err(super::backend)?;
            super::custody::client_stone(store, maker, id, notary, taken_in).await?;
            finished_piece(store, maker, id, agreement, notary, site, now).await?;
        }
        made += 1;
    }
    Ok(made)
}

/// The finished piece of a commission on its way to the buyer: written up from
/// the agreement, photographed, and its passport issued — private to the buyer.
async fn finished_piece(
    store: &dyn Store,
    maker: &OpenMaker,
    id: CommissionId,
    agreement: &SignedAgreement,
    notary: &dyn Notary,
    site: &str,
    now: Timestamp,
) -> Result<(), StoreError> {
    let check = check_agreement(agreement, id.0, notary);
    let document = check
        .document
        .as_ref()
        .ok_or_else(|| super::backend("the demo agreement can't be read"))?;
    let mut edit = app::studio::commissioned_piece(document, &maker.name, maker.country);
    edit.description
        .push_str(" Cast, set and polished in the studio; hallmarked.");
    let photo = picture(
        store,
        sketch(maker, "the finished piece", 9),
        format!(
            "The finished {}, drawn from above",
            document.specification.piece.to_lowercase()
        ),
    )
    .await?;
    let slug =
        Slug::parse(&format!("{}-commission-{}", maker.slug, id.0)).map_err(super::backend)?;
    let piece = store
        .create_draft(maker.id, &slug, &edit, &[photo.image], Some(id), now)
        .await?;
    let studio_piece = store
        .studio_piece(maker.id, piece)
        .await?
        .ok_or_else(|| super::backend("the demo piece was not kept"))?;
    let making = services::commissions::making_record(
        &check.digest,
        &document.agreed_at,
        document.design_pictures.clone(),
        &store.commission_steps(id).await?,
        app::commissions::CustodyCheck::of(id, &store.custody_log(id).await?, notary)
            .passport_record(),
    );
    let subject = app::studio::service::private_passport_subject(
        &studio_piece,
        app::provenance::PassportMaker {
            name: maker.name.clone(),
            slug: maker.slug.clone(),
        },
        app::provenance::private_passport_id(piece.0, &agreement.signature),
        site,
        Some(making),
    );
    services::issue_version(store, notary, subject, now).await?;
    Ok(())
}
