//! Pictures on a commission: a step posted with them (a design, a progress
//! update), custody entries with their photos, and messages.

use super::*;

/// The largest commission step upload: its pictures and the form around them.
pub const MAX_STEP_UPLOAD_BYTES: usize =
    app::commissions::MAX_STEP_PICTURES * MAX_PHOTO_BYTES + 64 * 1024;

/// The step a picture upload is for, and the commission's version its page showed.
#[derive(serde::Deserialize)]
pub struct StepQuery {
    #[serde(default)]
    step: String,
    #[serde(default)]
    version: String,
}

/// A commission step posted with pictures (a design, a progress update), to
/// `/commissions/{id}/step?step=…&version=…`: who may take the step, and on which
/// version, is checked before a byte of a picture is read; the pictures go through the photo pipeline, private to
/// the two sides, counted towards the maker's storage, each kept with the SHA-256
/// of its file.
pub async fn commission_step(
    uploader: Uploader,
    Path(commission): Path<String>,
    axum::extract::Query(StepQuery { step, version }): axum::extract::Query<StepQuery>,
    multipart: Multipart,
) -> Response {
    let mut form = app::commissions::StepForm::default();
    let outcome = async {
        let viewer = uploader.signed_in().await?;
        let desk = commission_desk(&uploader.state);
        let room = desk
            .picture_room(Some(&viewer), &commission, &step, &version)
            .await?;
        let _slot = uploader.state.slot().await?;
        let upload = read_form(&uploader.headers, multipart, room, Visibility::Private).await?;
        form = app::commissions::StepForm {
            commission: commission.clone(),
            version: version.clone(),
            step: step.clone(),
            note: upload.text("note").to_owned(),
            ..app::commissions::StepForm::default()
        };
        // Decided before a file is stored: a refused step leaves nothing behind.
        let decided = desk
            .decide(Some(&viewer), &form, upload.photos.len())
            .await?;
        let pictures =
            store_pictures_with_digests(&uploader.state, upload, Some(decided.maker())).await?;
        Ok::<_, AppError>(desk.take(decided, pictures).await?)
    }
    .await;
    let back = back_to_commission(
        &commission,
        "",
        ("step", serde_json::to_string(&form).unwrap_or_default()),
    );
    uploader.answer(outcome, back).await
}

/// A custody entry by the maker (an intake, or what happened to an item),
/// with its photos: decided on the log as read before any photo is stored.
pub async fn commission_custody(
    uploader: Uploader,
    Path(commission): Path<String>,
    multipart: Multipart,
) -> Response {
    let mut form = app::commissions::CustodyForm::default();
    let outcome = async {
        let viewer = uploader.signed_in().await?;
        let desk = commission_desk(&uploader.state);
        let room = desk.custody_room(Some(&viewer), &commission).await?;
        let _slot = uploader.state.slot().await?;
        let upload = read_form(&uploader.headers, multipart, room, Visibility::Private).await?;
        form = custody_form(&commission, &upload);
        let decided = desk
            .decide_custody(Some(&viewer), &form, upload.photos.len())
            .await?;
        let pictures =
            store_pictures_with_digests(&uploader.state, upload, Some(decided.maker())).await?;
        Ok::<_, AppError>(desk.record_custody(decided, pictures).await?)
    }
    .await;
    let back = back_to_commission(
        &commission,
        "#custody",
        ("custody", serde_json::to_string(&form).unwrap_or_default()),
    );
    uploader.answer(outcome, back).await
}

/// Back to the commission's page, at `anchor`, with what was typed in `field`.
fn back_to_commission(commission: &str, anchor: &str, field: (&'static str, String)) -> Back {
    let digits: String = commission.chars().filter(char::is_ascii_digit).collect();
    Back::to(format!("/commissions/{digits}{anchor}"), "commission").keeping(vec![field])
}

/// The custody form's fields, as the upload carried them.
fn custody_form(commission: &str, upload: &Upload) -> app::commissions::CustodyForm {
    let text = |name: &str| upload.text(name).to_owned();
    app::commissions::CustodyForm {
        commission: commission.to_owned(),
        entry: text("entry"),
        species: text("species"),
        shape: text("shape"),
        measurements: text("measurements"),
        carats: text("carats"),
        colour: text("colour"),
        marks: text("marks"),
        description: text("description"),
        grams: text("grams"),
        fineness: text("fineness"),
        tested_how: text("tested_how"),
        condition: text("condition"),
        handed_over_by: text("handed_over_by"),
        handed_over_on: text("handed_over_on"),
        risk_terms: text("risk_terms"),
        item: text("item"),
        happening: text("happening"),
        grams_after: text("grams_after"),
        corrects: text("corrects"),
        note: text("note"),
    }
}

/// The commission desk over this server's store and keys, at this moment.
fn commission_desk(state: &UploadState) -> services::commissions::desk::CommissionDesk<'_> {
    services::commissions::desk::CommissionDesk::new(
        state.store.as_ref(),
        state.notary.as_ref(),
        state.platform_fee.0,
        &state.site,
        jiff::Timestamp::now(),
    )
}

/// A message with pictures on a commission, to `/commissions/{id}/message`: who
/// may write is checked before a picture is read, the text before one is stored.
pub async fn commission_message(
    uploader: Uploader,
    Path(commission): Path<String>,
    multipart: Multipart,
) -> Response {
    let mut form = app::commissions::MessageForm::default();
    let outcome = async {
        let viewer = uploader.signed_in().await?;
        let desk = commission_desk(&uploader.state);
        let maker = desk.message_room(Some(&viewer), &commission).await?;
        let _slot = uploader.state.slot().await?;
        let upload = read_form(
            &uploader.headers,
            multipart,
            app::commissions::MAX_STEP_PICTURES,
            Visibility::Private,
        )
        .await?;
        form = app::commissions::MessageForm {
            commission: commission.clone(),
            body: upload.text("body").to_owned(),
        };
        services::threads::message_body(&form.body, upload.photos.len())?;
        let pictures = store_pictures_with_digests(&uploader.state, upload, maker).await?;
        Ok::<_, AppError>(desk.message(Some(&viewer), &form, pictures).await?)
    }
    .await;
    let back = back_to_commission(&commission, "#messages", ("message", form.body.clone()));
    uploader.answer(outcome, back).await
}
