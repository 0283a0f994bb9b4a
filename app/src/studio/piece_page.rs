//! `/studio/pieces/{id}`: one piece from draft to published — its listing, its
//! provenance disclosure, its photos, and what still keeps it from buyers.

use super::fields::{
    Checkboxes, Choice, Input, TextArea, countries, currencies, field_id, options, techniques,
};
use super::reorder::DragToReorder;
use super::upload::UploadWithProgress;
use super::{
    EDITIONS, HISTORIES, MAX_ALT_CHARS, MAX_CARE_CHARS, MAX_DESCRIPTION_CHARS, MAX_PHOTOS,
    MAX_SHORT_CHARS, MAX_TITLE_CHARS, MetalRow, NATURES, PhotoRow, PieceForm, SURFACES, StepRow,
    StoneRow, StudioPiece, TREATMENTS,
};
use crate::accounts::PrivateTitle;
use crate::error::AppError;
use crate::layout::{load_from_address, when_loaded};
use crate::pieces::{Metal, PieceStatus, Sourcing};
use crate::provenance::{ClaimEntry, Evidence, EvidenceDocument, MAX_DOCUMENTS, readable_size};
#[cfg(feature = "ssr")]
use crate::shared::FromRequest;
use crate::shared::{Feedback, FeedbackMessage, ResponsiveImage};
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use serde::{Deserialize, Serialize};

/// What the editor shows: the piece, the form filled with it, and what stands
/// between it and publication.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PieceEditor {
    pub piece: StudioPiece,
    pub form: PieceForm,
    pub problems: Vec<String>,
    /// Advice that does not block publishing.
    pub advice: Vec<String>,
    pub completeness: u8,
    /// The documents backing its claims.
    pub documents: Vec<crate::provenance::EvidenceDocument>,
}

#[server(endpoint = "studio/piece")]
pub async fn load_studio_piece(piece: String) -> Result<PieceEditor, AppError> {
    let request = super::StudioRequest::from_context().await?;
    let id = super::piece_id(&piece)?;
    let studio = request.studio();
    let piece = studio.piece(&request.account, id).await?;
    let documents = studio.documents(&request.account, id).await?;
    let text = crate::provenance::ListingText {
        title: &piece.edit.title,
        description: &piece.edit.description,
    };
    let advice = crate::provenance::check(&piece.edit.disclosure, &text)
        .into_iter()
        .filter(|f| f.severity == crate::provenance::Severity::Warning)
        .map(|f| f.message)
        .collect();
    Ok(PieceEditor {
        form: PieceForm::of(&piece.edit),
        problems: super::service::publishing_problems(&piece),
        advice,
        completeness: crate::provenance::completeness(&piece.edit.disclosure),
        documents,
        piece,
    })
}

/// Back to the piece's editor, or the studio when the id is not one.
#[cfg(feature = "ssr")]
pub(super) fn back(piece: &str, fields: Vec<(&'static str, String)>) -> crate::shared::Back {
    let path = match piece.trim().parse::<i64>() {
        Ok(id) if id > 0 => format!("/studio/pieces/{id}"),
        _ => "/studio".into(),
    };
    crate::shared::Back::to(path, "piece").keeping(fields)
}

/// A maker's step on one of their pieces: the piece the form names, then on,
/// or `back` to its editor with the reason.
#[cfg(feature = "ssr")]
async fn on_piece(
    piece: &str,
    back: crate::shared::Back,
    step: impl AsyncFnOnce(
        &super::StudioRequest,
        crate::pieces::PieceId,
    ) -> Result<crate::shared::Next, AppError>,
) -> Result<(), AppError> {
    crate::shared::conclude_step(
        async |request: super::StudioRequest| step(&request, super::piece_id(piece)?).await,
        back,
    )
    .await
}

#[server(endpoint = "studio/save-piece")]
pub async fn save_piece(piece: String, #[server(flatten)] form: PieceForm) -> Result<(), AppError> {
    let back = back(&piece, vec![crate::shared::carried_form("piece", &form)]);
    on_piece(&piece, back, async |request, id| {
        Ok(request
            .studio()
            .save_piece(&request.account, id, &form)
            .await?)
    })
    .await
}

/// `action`: `publish`, `unpublish`, `archive`, `restore`.
#[server(endpoint = "studio/piece-status")]
pub async fn change_piece_status(piece: String, action: String) -> Result<(), AppError> {
    let back = back(&piece, vec![]);
    on_piece(&piece, back, async |request, id| {
        Ok(request
            .studio()
            .change_status(&request.account, id, &action)
            .await?)
    })
    .await
}

#[server(endpoint = "studio/duplicate-piece")]
pub async fn duplicate_piece(piece: String) -> Result<(), AppError> {
    let back = back(&piece, vec![]);
    on_piece(&piece, back, async |request, id| {
        Ok(request.studio().duplicate(&request.account, id).await?)
    })
    .await
}

#[server(endpoint = "studio/arrange-photos")]
pub async fn arrange_photos(
    piece: String,
    #[server(default)] photos: Vec<PhotoRow>,
    action: String,
) -> Result<(), AppError> {
    let back = back(&piece, vec![]);
    on_piece(&piece, back, async |request, id| {
        Ok(request
            .studio()
            .arrange_photos(&request.account, id, &photos, &action)
            .await?)
    })
    .await
}

/// `action`: `public`, `private` or `remove`.
#[server(endpoint = "studio/document")]
pub async fn change_document(
    piece: String,
    document: String,
    action: String,
) -> Result<(), AppError> {
    let mut back = back(&piece, vec![]);
    back.path.push_str("#evidence");
    on_piece(&piece, back, async |request, id| {
        if !crate::provenance::is_digest(&document) {
            return Err(AppError::NotFound);
        }
        Ok(request
            .studio()
            .change_document(&request.account, id, &document, &action)
            .await?)
    })
    .await
}

#[component]
pub fn StudioPiecePage() -> impl IntoView {
    let editor = load_from_address("id", load_studio_piece);
    view! {
        <PrivateTitle title="Edit piece"/>
        {when_loaded(editor, Some("piece"), |editor, feedback| view! { <Editor editor feedback/> }, super::refusal("Piece not found", ("/studio", "Go to your studio")))}
    }
}

#[component]
fn Editor(editor: PieceEditor, feedback: Option<Feedback>) -> impl IntoView {
    let PieceEditor {
        piece,
        form: saved_form,
        problems,
        advice,
        completeness,
        documents,
    } = editor;
    // After a refused save, the form shows what was typed, not what is saved.
    let form = crate::shared::typed_form::<PieceForm>(&feedback, "piece").unwrap_or(saved_form);
    let id = piece.id.to_string();
    let public_path = format!("/pieces/{}", piece.slug);
    let status = piece.status;
    let deletable = piece.passport.is_none() && piece.published_on.is_none();
    view! {
        <section class="studio studio--editor">
            <p><a href="/studio">"← Your studio"</a></p>
            <h1>{piece.edit.title.clone()}</h1>
            <p>
                <span class=format!("status status--{}", status.as_str())>{status.label()}</span>
                {(status == PieceStatus::Published).then(|| view! {
                    " · " <a href=public_path.clone()>"See it as buyers do"</a>
                })}
                {piece.passport.clone().map(|passport| view! {
                    " · " <a href=format!("/passport/{passport}")>"Provenance passport"</a>
                })}
            </p>
            <FeedbackMessage feedback/>
            {piece.commissioned.map(|made_for| view! {
                <p class="notice">
                    "Made for a client's "
                    <a href=format!("/commissions/{}#finished-piece", made_for.commission.0)>"commission"</a>
                    {if made_for.shown_by_buyer {
                        ": your client agrees that you may show it in your portfolio."
                    } else {
                        ": it stays private unless your client agrees that you may show it. Its passport is issued from the commission's page."
                    }}
                </p>
            })}
            <StatusPanel id=id.clone() status problems advice completeness deletable
                private=piece.commissioned.is_some_and(|made_for| !made_for.shown_by_buyer)/>
            <Photos id=id.clone() photos=piece.photos.clone()/>
            <Details id=id.clone() form/>
            <EvidenceDocuments id slug=piece.slug.to_string() claims=piece.edit.disclosure.claims() documents/>
        </section>
    }
}

#[component]
fn StatusPanel(
    id: String,
    status: PieceStatus,
    problems: Vec<String>,
    advice: Vec<String>,
    completeness: u8,
    deletable: bool,
    /// A commission's piece its buyer keeps private: never published.
    private: bool,
) -> impl IntoView {
    let actions: &[(&str, &str)] = match status {
        PieceStatus::Draft if private => &[("archive", "Archive")],
        PieceStatus::Archived if private => &[("restore", "Restore to drafts")],
        PieceStatus::Draft => &[("publish", "Publish"), ("archive", "Archive")],
        PieceStatus::Published => &[("unpublish", "Move back to drafts"), ("archive", "Archive")],
        PieceStatus::Archived => &[
            ("restore", "Restore to drafts"),
            ("publish", "Publish again"),
        ],
    };
    let ready = problems.is_empty();
    view! {
        <section class="studio-panel" aria-labelledby="status-heading">
            <h2 id="status-heading">"Publishing"</h2>
            <p>{format!("Disclosure {completeness}% complete.")}</p>
            {if ready {
                view! { <p>"Everything buyers need is here."</p> }.into_any()
            } else {
                view! {
                    <p>"Before this piece can be published:"</p>
                    <ul class="problems">{problems.into_iter().map(|p| view! { <li>{p}</li> }).collect_view()}</ul>
                }.into_any()
            }}
            {(!advice.is_empty()).then(|| view! {
                <details>
                    <summary>"Ways to make the disclosure more complete"</summary>
                    <ul>{advice.into_iter().map(|a| view! { <li>{a}</li> }).collect_view()}</ul>
                </details>
            })}
            <form method="post" action=ChangePieceStatus::url() class="inline-form">
                <input type="hidden" name="piece" value=id.clone()/>
                {actions.iter().map(|(action, label)| view! {
                    <button class="button" type="submit" name="action" value=*action>{*label}</button>
                    " "
                }).collect_view()}
            </form>
            <form method="post" action=DuplicatePiece::url() class="inline-form">
                <input type="hidden" name="piece" value=id.clone()/>
                <button class="button button--quiet" type="submit">"Duplicate"</button>
                {deletable.then(|| view! {
                    " " <a class="button button--quiet" href=format!("/studio/pieces/{id}/delete")>"Delete…"</a>
                })}
            </form>
        </section>
    }
}

#[component]
fn Photos(id: String, photos: Vec<crate::shared::ImageRef>) -> impl IntoView {
    let count = photos.len();
    let upload = format!("/studio/pieces/{id}/photos");
    view! {
        <section class="studio-panel" id="photos" aria-labelledby="photos-heading">
            <h2 id="photos-heading">"Photos"</h2>
            <p>"The first photo is the cover. Describe each one for people who can't see it: \
                what the piece is, its colour and finish, how it is worn."</p>
            {(count > 0).then(|| view! {
                <DragToReorder>
                <form method="post" action=ArrangePhotos::url() class="photo-list">
                    <input type="hidden" name="piece" value=id.clone()/>
                    <ol>
                        {photos.into_iter().enumerate().map(|(index, photo)| {
                            let number = index + 1;
                            let alt_name = format!("photos[{index}][alt]");
                            let described = if photo.alt.is_empty() {
                                format!("Photo {number}")
                            } else {
                                format!("Photo {number}: {}", photo.alt)
                            };
                            view! {
                                <li class="photo-row">
                                    <ResponsiveImage image=photo.clone() sizes="160px"/>
                                    <input type="hidden" name=format!("photos[{index}][key]") value=photo.key.clone()/>
                                    <div class="field">
                                        <label for=field_id(&alt_name)>{format!("Description of photo {number}")}</label>
                                        <input id=field_id(&alt_name) name=alt_name value=photo.alt.clone()
                                            maxlength=MAX_ALT_CHARS.to_string()/>
                                    </div>
                                    <div class="photo-row__actions" role="group" aria-label=described.clone()>
                                        {(index > 0).then(|| view! {
                                            <button class="button button--quiet" type="submit" name="action" value=format!("cover-{index}")>"Make cover"</button>
                                            <button class="button button--quiet" type="submit" name="action" value=format!("earlier-{index}")>"Move earlier"</button>
                                        })}
                                        {(index + 1 < count).then(|| view! {
                                            <button class="button button--quiet" type="submit" name="action" value=format!("later-{index}")>"Move later"</button>
                                        })}
                                        <button class="button button--quiet" type="submit" name="action" value=format!("remove-{index}")>"Remove"</button>
                                    </div>
                                </li>
                            }
                        }).collect_view()}
                    </ol>
                    <button class="button" type="submit" name="action" value="save">"Save descriptions"</button>
                </form>
                </DragToReorder>
            })}
            {(count < MAX_PHOTOS).then(|| view! {
                <UploadWithProgress>
                <form method="post" action=upload enctype="multipart/form-data" class="stacked-form">
                    <div class="field">
                        <label for="field-photo-files">"Add photos"</label>
                        <p class="field__hint" id="field-photo-files-hint">
                            {format!("JPEG, PNG or WebP, up to 20 MB each, at least 320 pixels wide; up to {} more.", MAX_PHOTOS - count)}
                        </p>
                        <input id="field-photo-files" type="file" name="photos" multiple=true
                            accept="image/jpeg,image/png,image/webp" required=true
                            aria-describedby="field-photo-files-hint"/>
                    </div>
                    <button class="button" type="submit">"Upload"</button>
                </form>
                </UploadWithProgress>
            })}
        </section>
    }
}

/// The documents backing the piece's claims, and a form to attach another.
#[component]
fn EvidenceDocuments(
    id: String,
    slug: String,
    claims: Vec<ClaimEntry>,
    documents: Vec<EvidenceDocument>,
) -> impl IntoView {
    let upload = format!("/studio/pieces/{id}/documents");
    let room = documents.len() < MAX_DOCUMENTS;
    let listed = documents
        .into_iter()
        .map(|document| {
            let backs: Vec<String> = claims
                .iter()
                .filter(|claim| claim.evidence.document() == Some(document.sha256.as_str()))
                .map(|claim| match claim.evidence {
                    Evidence::Verified { .. } => format!("{} (verified by Touchstone)", claim.label),
                    _ => claim.label.clone(),
                })
                .collect();
            let name = document.file_name.clone();
            let described = format!("Document {name}");
            view! {
                <li class="document-row">
                    <p class="document-row__name">
                        <a href=format!("/pieces/{slug}/documents/{}", document.sha256)>{name}</a>
                        {format!(
                            " · {}, {} · uploaded {} · {}",
                            document.kind.label(),
                            readable_size(document.byte_size),
                            document.uploaded_on,
                            if document.public { "buyers can open it" } else { "private" },
                        )}
                    </p>
                    <p class="document-row__digest">"SHA-256 " <code>{document.sha256.clone()}</code></p>
                    {if backs.is_empty() {
                        view! { <p>"Backs no claim now: the claims it backed have changed."</p> }.into_any()
                    } else {
                        view! { <p>{format!("Backs: {}.", backs.join("; "))}</p> }.into_any()
                    }}
                    <form method="post" action=ChangeDocument::url() class="inline-form" aria-label=described>
                        <input type="hidden" name="piece" value=id.clone()/>
                        <input type="hidden" name="document" value=document.sha256.clone()/>
                        {if document.public {
                            view! { <button class="button button--quiet" type="submit" name="action" value="private">"Make private"</button> }
                        } else {
                            view! { <button class="button button--quiet" type="submit" name="action" value="public">"Show to buyers"</button> }
                        }}
                        " "
                        <button class="button button--quiet" type="submit" name="action" value="remove">"Remove"</button>
                    </form>
                </li>
            }
        })
        .collect_view();
    view! {
        <section class="studio-panel" id="evidence" aria-labelledby="evidence-heading">
            <h2 id="evidence-heading">"Evidence documents"</h2>
            <p>"Attach what backs your claims: an assay certificate, a grading report, a sourcing \
                certificate, a photo of the hallmark. Buyers see each claim it backs as \
                document-backed, and the passport records the document's SHA-256 fingerprint. \
                Documents stay private unless you show them to buyers."</p>
            <ul class="document-list">{listed}</ul>
            {room.then(|| view! {
                <UploadWithProgress>
                <form method="post" action=upload enctype="multipart/form-data" class="stacked-form">
                    <div class="field">
                        <label for="field-document-file">"Document"</label>
                        <p class="field__hint" id="field-document-file-hint">
                            "A PDF, or a JPEG, PNG or WebP picture, up to 20 MB. Pictures are re-saved \
                             without what the camera recorded (such as where it was taken)."
                        </p>
                        <input id="field-document-file" type="file" name="document"
                            accept="application/pdf,image/jpeg,image/png,image/webp" required=true
                            aria-describedby="field-document-file-hint"/>
                    </div>
                    <p class="field__hint">"Which claims it backs, from the saved disclosure: save your changes above first."</p>
                    <Checkboxes legend="Claims it backs".into() name="claims" checked=vec![]
                        options=claims.iter().map(|claim| (
                            claim.path.clone(),
                            format!("{} ({})", claim.label, claim.evidence.label().to_lowercase()),
                        )).collect()/>
                    <label class="checkbox" for="field-document-public">
                        <input type="checkbox" id="field-document-public" name="public" value="on"/>
                        "Buyers may open this document"
                    </label>
                    <button class="button" type="submit">"Attach document"</button>
                </form>
                </UploadWithProgress>
            })}
        </section>
    }
}

fn metals() -> Vec<(String, String)> {
    Metal::ALL
        .iter()
        .map(|m| (m.slug().to_owned(), crate::shared::capitalised(m.label())))
        .collect()
}

fn schemes() -> Vec<(String, String)> {
    Sourcing::ALL
        .iter()
        .filter(|s| **s != Sourcing::RecycledMetal)
        .map(|s| (s.slug().to_owned(), s.label().to_owned()))
        .collect()
}

#[component]
fn Details(id: String, form: PieceForm) -> impl IntoView {
    view! {
        <form method="post" action=SavePiece::url() class="stacked-form studio-panel" aria-labelledby="details-heading">
            <h2 id="details-heading">"The piece"</h2>
            <input type="hidden" name="piece" value=id/>
            <Input label="Title".into() name="title".into() value=form.title maxlength=Some(MAX_TITLE_CHARS) required=true/>
            <TextArea label="Description".into() name="description".into() value=form.description rows=6
                hint=Some("What it is, how it feels to wear, what makes it yours. Say “handmade” only if you made it by hand.")
                maxlength=MAX_DESCRIPTION_CHARS/>
            <fieldset>
                <legend>"Price"</legend>
                <Choice label="Pricing".into() name="pricing".into() value=form.pricing
                    options=options(&[("fixed", "A fixed price"), ("made-to-order", "Made to order (a quote)")])/>
                <Choice label="Currency".into() name="currency".into() value=form.currency
                    options=currencies() blank=Some("Choose a currency")/>
                <Input label="Price, or “from” price when made to order".into() name="price".into()
                    value=form.price inputmode=Some("decimal") maxlength=Some(20)/>
            </fieldset>
            <Input label="Dimensions".into() name="dimensions".into() value=form.dimensions
                hint=Some("Like “Band 4 mm wide, 1.6 mm thick”.") maxlength=Some(MAX_SHORT_CHARS)/>
            <Input label="Ring sizes".into() name="ring_sizes".into() value=form.ring_sizes
                hint=Some("For rings: the sizes you make it in, like “UK J to P”.") maxlength=Some(MAX_SHORT_CHARS)/>
            <Checkboxes legend="Sourcing schemes (keep the certificates: buyers may ask)".into() name="sourcing"
                checked=form.sourcing options=schemes()/>

            <h3>"Who made it, and how"</h3>
            <Input label="Designed by".into() name="designed_by".into() value=form.designed_by
                maxlength=Some(MAX_SHORT_CHARS) required=true/>
            <Choice label="Made in".into() name="made_in".into() value=form.made_in
                options=countries() blank=Some("Choose a country")/>
            <Input label="Made in (month)".into() name="made_on".into() value=form.made_on
                hint=Some("Year and month, like 2026-03.") maxlength=Some(7)/>
            <Choice label="Edition".into() name="edition".into() value=form.edition options=options(&EDITIONS)/>
            <Input label="Number in the edition".into() name="edition_number".into() value=form.edition_number
                inputmode=Some("numeric") maxlength=Some(6)/>
            <Input label="Edition size".into() name="edition_of".into() value=form.edition_of
                inputmode=Some("numeric") maxlength=Some(6)/>
            {form.steps.into_iter().enumerate().map(|(index, row)| view! { <StepFields index row/> }).collect_view()}

            <h3>"Metals"</h3>
            {form.metals.into_iter().enumerate().map(|(index, row)| view! { <MetalFields index row/> }).collect_view()}

            <h3>"Stones"</h3>
            {form.stones.into_iter().enumerate().map(|(index, row)| view! { <StoneFields index row/> }).collect_view()}

            <TextArea label="Care".into() name="care".into() value=form.care rows=3
                hint=Some("Needed when a stone's treatment calls for care (oiled, dyed, coated, filled).")
                maxlength=MAX_CARE_CHARS/>
            <label class="checkbox" for="field-uk_market">
                <input type="checkbox" id="field-uk_market" name="uk_market" value="on" checked=form.uk_market == "on"/>
                "Offered to buyers in the UK (hallmarking rules apply)"
            </label>
            <button class="button" type="submit">"Save"</button>
        </form>
    }
}

#[component]
fn StepFields(index: usize, row: StepRow) -> impl IntoView {
    let number = index + 1;
    view! {
        <fieldset class="row-fields">
            <legend>{format!("Making step {number}")}</legend>
            <Choice label="Technique".into() name=format!("steps[{index}][technique]") value=row.technique
                options=techniques() blank=Some("None")/>
            <Input label="Done by a partner (leave empty if you did it)".into()
                name=format!("steps[{index}][partner]") value=row.partner maxlength=Some(MAX_SHORT_CHARS)/>
        </fieldset>
    }
}

#[component]
fn MetalFields(index: usize, row: MetalRow) -> impl IntoView {
    let number = index + 1;
    let name = move |field: &str| format!("metals[{index}][{field}]");
    view! {
        <fieldset class="row-fields">
            <legend>{format!("Metal {number}")}</legend>
            <Choice label="Metal".into() name=name("metal") value=row.metal options=metals() blank=Some("None")/>
            <Input label="Fineness".into() name=name("fineness") value=row.fineness
                hint=Some("A karat (18k) or parts per thousand (925).") maxlength=Some(12)/>
            <Choice label="Surface".into() name=name("surface") value=row.surface options=options(&SURFACES)/>
            <Choice label="Plated with".into() name=name("layer_metal") value=row.layer_metal
                options=metals() blank=Some("Not plated")/>
            <Input label="Fineness of the gold layer".into() name=name("layer_fineness") value=row.layer_fineness maxlength=Some(12)/>
            <Input label="Layer thickness (µm)".into() name=name("layer_thickness") value=row.layer_thickness
                inputmode=Some("decimal") maxlength=Some(10)/>
            <Input label="Gold share of the weight (‰, gold-filled)".into() name=name("layer_share")
                value=row.layer_share inputmode=Some("numeric") maxlength=Some(4)/>
            <Input label="Recycled content (%)".into() name=name("recycled") value=row.recycled
                inputmode=Some("numeric") maxlength=Some(4)/>
            <Input label="Weight (g)".into() name=name("weight") value=row.weight inputmode=Some("decimal") maxlength=Some(10)/>
        </fieldset>
    }
}

#[component]
fn StoneFields(index: usize, row: StoneRow) -> impl IntoView {
    let number = index + 1;
    let name = move |field: &str| format!("stones[{index}][{field}]");
    view! {
        <fieldset class="row-fields">
            <legend>{format!("Stone {number}")}</legend>
            <Input label="Stone".into() name=name("species") value=row.species
                hint=Some("As commonly named: sapphire, diamond, opal.") maxlength=Some(60)/>
            <Choice label="Natural or grown".into() name=name("nature") value=row.nature
                options=options(&NATURES) blank=Some("Choose")/>
            <Choice label="Treatment".into() name=name("treatment") value=row.treatment
                options=options(&TREATMENTS) blank=Some("Choose")/>
            <Choice label="Origin".into() name=name("origin") value=row.origin
                options=countries() blank=Some("Not known")/>
            <Choice label="History".into() name=name("history") value=row.history options=options(&HISTORIES)/>
        </fieldset>
    }
}
