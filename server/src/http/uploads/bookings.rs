//! Pictures on a booking: the reference pictures of its brief and those in its
//! messages.

use super::*;

/// The largest reference pictures upload: a brief's worth of the largest photos.
pub const MAX_PICTURES_UPLOAD_BYTES: usize =
    app::booking::MAX_REFERENCE_PICTURES * MAX_PHOTO_BYTES + 64 * 1024;

#[derive(serde::Deserialize)]
pub struct BookingKey {
    #[serde(default)]
    key: String,
}

fn booking_desk(state: &UploadState) -> app::booking::desk::BookingDesk<'_> {
    app::booking::desk::BookingDesk::new(
        state.store.as_ref(),
        state.link_keys.as_ref(),
        state.notary.as_ref(),
        &state.site,
        jiff::Timestamp::now(),
    )
}

/// The booking an upload is sent to (one that isn't there when its id is not an
/// id), who sends it, if signed in, and the desk that decides.
async fn sent_to(
    uploader: &Uploader,
    id: Option<i64>,
) -> Result<
    (
        i64,
        Option<app::accounts::StoredAccount>,
        app::booking::desk::BookingDesk<'_>,
    ),
    AppError,
> {
    let id = id.ok_or(AppError::NotFound)?;
    let viewer = uploader.signed_in().await.ok();
    Ok((id, viewer, booking_desk(&uploader.state)))
}

/// The booking an upload is for, and the key of the link its buyer came by.
fn booking_address<'k>(booking: &str, key: &'k str) -> (Option<i64>, Option<&'k str>) {
    let id = booking.parse::<i64>().ok().filter(|id| *id > 0);
    (id, Some(key.trim()).filter(|key| !key.is_empty()))
}

/// The buyer's page of a booking, by the link they came with if that is how.
fn buyer_page(id: Option<i64>, key: Option<&str>) -> String {
    match (id, key) {
        (Some(id), Some(key)) => format!("/bookings/{id}?key={}", app::shared::url_encode(key)),
        (Some(id), None) => format!("/bookings/{id}"),
        (None, _) => "/".to_owned(),
    }
}

/// `POST /bookings/{id}/pictures?key=…`: reference pictures for a booking's
/// brief, from its buyer (signed in, or holding the link from its emails).
pub async fn booking_pictures(
    uploader: Uploader,
    Path(booking): Path<String>,
    axum::extract::Query(BookingKey { key }): axum::extract::Query<BookingKey>,
    multipart: Multipart,
) -> Response {
    let (id, key) = booking_address(&booking, &key);
    let page = buyer_page(id, key);
    let outcome = async {
        let (id, viewer, desk) = sent_to(&uploader, id).await?;
        let room = desk.picture_room(id, key, viewer.as_ref()).await?;
        // A buyer's pictures are for the maker, not for the catalogue: private,
        // and not counted towards the maker's storage.
        let _slot = uploader.state.slot().await?;
        let upload = read_upload(&uploader.headers, multipart, room, Visibility::Private).await?;
        let pictures = store_photos(&uploader.state, upload, None).await?;
        Ok::<_, AppError>(
            desk.add_pictures(id, key, viewer.as_ref(), pictures)
                .await?,
        )
    }
    .await;
    let back = Back::to(format!("{page}#pictures"), "booking");
    uploader.answer(outcome, back).await
}

/// `POST /bookings/{id}/message`: pictures (and words) in a booking's thread,
/// from its buyer (by account or the `key` of their link) or its maker; who may
/// write is settled before a picture is read.
pub async fn booking_message(
    uploader: Uploader,
    Path(booking): Path<String>,
    axum::extract::Query(BookingKey { key }): axum::extract::Query<BookingKey>,
    multipart: Multipart,
) -> Response {
    let (id, key) = booking_address(&booking, &key);
    let mut body = String::new();
    let mut as_maker = false;
    let outcome = async {
        let (id, viewer, desk) = sent_to(&uploader, id).await?;
        let maker = desk.message_room(id, key, viewer.as_ref()).await?;
        as_maker = maker.is_some();
        let _slot = uploader.state.slot().await?;
        let upload = read_form(
            &uploader.headers,
            multipart,
            services::threads::MAX_MESSAGE_PICTURES,
            Visibility::Private,
        )
        .await?;
        upload.text("body").clone_into(&mut body);
        services::threads::message_body(&body, upload.photos.len())?;
        let pictures = store_pictures_with_digests(&uploader.state, upload, maker).await?;
        Ok::<_, AppError>(
            desk.message(id, key, viewer.as_ref(), &body, pictures)
                .await?,
        )
    }
    .await;
    let page = match id {
        Some(id) if as_maker => format!("/studio/bookings/{id}"),
        _ => buyer_page(id, key),
    };
    let back = Back::to(format!("{page}#messages"), "booking").keeping(vec![("message", body)]);
    uploader.answer(outcome, back).await
}
