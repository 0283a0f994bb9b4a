//! Photo uploads: a multipart post of several photos at once. Each file is read
//! with a size cap, run through the photo pipeline (`crate::images`) and only when
//! every one of them is usable — and fits in the maker's storage — are they stored
//! and shown on the piece: a refused file leaves the piece as it was.
//!
//! An upload holds its files in memory while they are checked, so only a few run
//! at once (`UploadLimits::slots`); the others wait briefly for a slot before any
//! file is read, or are turned away in words.

mod bookings;
mod commissions;
mod studio;

pub use bookings::{MAX_PICTURES_UPLOAD_BYTES, booking_message, booking_pictures};
pub use commissions::{
    MAX_STEP_UPLOAD_BYTES, commission_custody, commission_message, commission_step,
};
pub use studio::{
    MAX_DOCUMENT_UPLOAD_BYTES, piece_document, piece_photos, portrait, serve_document,
};

use super::sessions::SessionHandle;
use crate::images::{self, PhotoError, Visibility};
use app::booking::links::LinkKeys;
use app::error::AppError;
use app::makers::MakerId;
use app::shared::{Back, ImageRef, remember_outcome};
use app::store::Store;
use axum::extract::{Multipart, Path, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::{OwnedSemaphorePermit, Semaphore};

/// The largest photo accepted; phones take 5–15 MB photos.
pub const MAX_PHOTO_BYTES: usize = 20 * 1024 * 1024;
/// The largest upload request: a full set of the largest photos, and the form around them.
pub const MAX_UPLOAD_BYTES: usize = app::studio::MAX_PHOTOS * MAX_PHOTO_BYTES + 64 * 1024;

/// How long an upload waits for a slot before it is turned away.
const SLOT_WAIT: Duration = Duration::from_secs(10);

/// What uploads may take of this server and of the storage.
#[derive(Clone, Copy, Debug)]
pub struct UploadLimits {
    /// Uploads read and decoded at once; each holds up to a full upload of files
    /// in memory and a few hundred MB while decoding a photo.
    pub slots: usize,
    /// The bytes of photos and documents one maker may store.
    pub maker_quota_bytes: u64,
}

#[derive(Clone)]
pub struct UploadState {
    pub store: Arc<dyn Store>,
    pub notary: Arc<dyn app::provenance::Notary>,
    pub link_keys: Arc<dyn LinkKeys>,
    pub site: String,
    /// The platform's fee, for the commission steps taken here.
    pub platform_fee: app::orders::PlatformFee,
    slots: Arc<Semaphore>,
    maker_quota_bytes: u64,
}

impl UploadState {
    pub fn new(
        store: Arc<dyn Store>,
        notary: Arc<dyn app::provenance::Notary>,
        link_keys: Arc<dyn LinkKeys>,
        site: String,
        platform_fee: app::orders::PlatformFee,
        limits: UploadLimits,
    ) -> Self {
        UploadState {
            store,
            notary,
            link_keys,
            site,
            platform_fee,
            slots: Arc::new(Semaphore::new(limits.slots.max(1))),
            maker_quota_bytes: limits.maker_quota_bytes,
        }
    }

    /// A slot to read and process one upload in, held until its files are stored.
    async fn slot(&self) -> Result<OwnedSemaphorePermit, AppError> {
        match tokio::time::timeout(SLOT_WAIT, self.slots.clone().acquire_owned()).await {
            Ok(Ok(slot)) => Ok(slot),
            Ok(Err(closed)) => Err(AppError::internal(closed)),
            Err(_) => Err(refused(
                "Many uploads are being processed just now. Please try again in a minute; \
                 nothing was added.",
            )),
        }
    }

    /// Refuses files that would take the maker past their storage quota.
    async fn ensure_storage_room(&self, maker: MakerId, adding: u64) -> Result<(), AppError> {
        let used = self
            .store
            .maker_storage_used(maker)
            .await
            .map_err(AppError::internal)?;
        if used.saturating_add(adding) <= self.maker_quota_bytes {
            return Ok(());
        }
        Err(refused(format!(
            "Your studio's storage is full: these files need {}, and {} of your {} is left. \
             Nothing was added.",
            megabytes(adding),
            megabytes(self.maker_quota_bytes.saturating_sub(used)),
            megabytes(self.maker_quota_bytes),
        )))
    }
}

/// A size as people read it: `12.5 MB`.
fn megabytes(bytes: u64) -> String {
    format!("{:.1} MB", bytes as f64 / 1_000_000.0)
}

fn refused(message: impl Into<String>) -> AppError {
    AppError::Invalid(message.into())
}

fn photo_error(file: &str, error: PhotoError) -> AppError {
    refused(format!("{file}: {error} Nothing was added."))
}

/// Reads one file of the upload, refusing it as soon as it passes `limit`.
async fn read_file(
    field: &mut axum::extract::multipart::Field<'_>,
    name: &str,
    limit: usize,
) -> Result<Vec<u8>, AppError> {
    let mut bytes = Vec::new();
    loop {
        match field.chunk().await {
            Ok(Some(chunk)) => {
                if bytes.len() + chunk.len() > limit {
                    return Err(refused(format!(
                        "{name} is larger than {} MB. Please upload a smaller file; nothing was added.",
                        limit / (1024 * 1024)
                    )));
                }
                bytes.extend_from_slice(&chunk);
            }
            Ok(None) => return Ok(bytes),
            Err(_) => return Err(upload_broken()),
        }
    }
}

/// Why a text part of a form was not taken.
enum TextRefused {
    TooLong,
    NotText,
    Broken,
}

/// Reads a text part of a form, stopping as soon as it passes
/// `MAX_TEXT_FIELD_BYTES`: whatever else was sent in it is never read.
async fn read_text(field: &mut axum::extract::multipart::Field<'_>) -> Result<String, TextRefused> {
    let mut bytes = Vec::new();
    loop {
        match field.chunk().await {
            Ok(Some(chunk)) => {
                if bytes.len() + chunk.len() > MAX_TEXT_FIELD_BYTES {
                    return Err(TextRefused::TooLong);
                }
                bytes.extend_from_slice(&chunk);
            }
            Ok(None) => return String::from_utf8(bytes).map_err(|_| TextRefused::NotText),
            Err(_) => return Err(TextRefused::Broken),
        }
    }
}

fn upload_broken() -> AppError {
    refused(format!(
        "The upload didn't arrive whole (at most {} photos of 20 MB each). Nothing was added.",
        app::studio::MAX_PHOTOS
    ))
}

/// A file's base name, short and printable: never a path.
fn base_name(name: Option<&str>, max_chars: usize) -> String {
    let name = name
        .unwrap_or_default()
        .rsplit(['/', '\\'])
        .next()
        .unwrap_or_default();
    name.chars()
        .filter(|c| !c.is_control())
        .take(max_chars)
        .collect::<String>()
        .trim()
        .to_owned()
}

/// A display name for a file in messages.
fn file_label(name: Option<&str>) -> String {
    let clean = base_name(name, 60);
    if clean.is_empty() {
        "That file".to_owned()
    } else {
        format!("“{clean}”")
    }
}

/// What a multipart upload carried: the photos, run through the pipeline, and the
/// short text fields beside them. Nothing is stored yet.
struct Upload {
    photos: Vec<(ImageRef, Vec<app::store::Media>)>,
    texts: Vec<(String, String)>,
}

impl Upload {
    fn text(&self, name: &str) -> &str {
        self.texts
            .iter()
            .find(|(field, _)| field == name)
            .map_or("", |(_, value)| value.as_str())
    }

    /// The bytes its files take once stored.
    fn stored_bytes(&self) -> u64 {
        self.photos
            .iter()
            .flat_map(|(_, files)| files)
            .map(|file| file.bytes.len() as u64)
            .sum()
    }
}

/// The longest text field read from an upload form.
const MAX_TEXT_FIELD_BYTES: usize = 8 * 1024;
/// More text fields than any upload form has are not kept.
const MAX_TEXT_FIELDS: usize = 16;

/// Reads every part: files (at most `room` of them) through the photo pipeline,
/// text fields up to a few kilobytes. Nothing is stored yet. The caller holds an
/// upload slot (`UploadState::slot`).
async fn read_upload(
    headers: &HeaderMap,
    multipart: Multipart,
    room: usize,
    visibility: Visibility,
) -> Result<Upload, AppError> {
    let upload = read_form(headers, multipart, room, visibility).await?;
    if upload.photos.is_empty() {
        return Err(refused("Please choose at least one photo to upload."));
    }
    Ok(upload)
}

/// An upload form's fields and photos (through the photo pipeline), with no
/// photo at all when none was chosen.
async fn read_form(
    headers: &HeaderMap,
    mut multipart: Multipart,
    room: usize,
    visibility: Visibility,
) -> Result<Upload, AppError> {
    let declared = headers
        .get(header::CONTENT_LENGTH)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.parse::<usize>().ok());
    if declared.is_some_and(|length| length > MAX_UPLOAD_BYTES) {
        return Err(upload_broken());
    }
    let mut upload = Upload {
        photos: Vec::new(),
        texts: Vec::new(),
    };
    loop {
        let mut field = match multipart.next_field().await {
            Ok(Some(field)) => field,
            Ok(None) => break,
            Err(_) => return Err(upload_broken()),
        };
        let name = field.name().unwrap_or_default().to_owned();
        let Some(file_name) = field.file_name().map(str::to_owned) else {
            let text = read_text(&mut field)
                .await
                .map_err(|refusal| match refusal {
                    TextRefused::TooLong => {
                        refused("That text is too long for this form. Nothing was added.")
                    }
                    TextRefused::NotText => refused("Please write the text as plain text."),
                    TextRefused::Broken => upload_broken(),
                })?;
            if upload.texts.len() >= MAX_TEXT_FIELDS {
                return Err(refused(
                    "Please upload from the page's own form. Nothing was added.",
                ));
            }
            upload.texts.push((name, text));
            continue;
        };
        // A form sent with no file chosen still carries one empty part.
        if file_name.is_empty() {
            continue;
        }
        let label = file_label(Some(&file_name));
        if upload.photos.len() >= room {
            return Err(refused(format!(
                "There is room for {room} more photo{}. Nothing was added.",
                if room == 1 { "" } else { "s" }
            )));
        }
        let bytes = read_file(&mut field, &label, MAX_PHOTO_BYTES).await?;
        let files = tokio::task::spawn_blocking(move || images::ingest(&bytes, visibility))
            .await
            .map_err(AppError::internal)?
            .map_err(|error| photo_error(&label, error))?;
        let Some(master) = files.first() else {
            return Err(AppError::internal("the photo pipeline produced no files"));
        };
        let photo = ImageRef {
            key: master.key.clone(),
            width: master.width,
            height: master.height,
            alt: String::new(),
            access: String::new(),
        };
        upload.photos.push((photo, files));
    }
    Ok(upload)
}

/// Stores every file of the upload, counted towards `maker`'s storage when there
/// is one, returning the photos they make.
async fn store_photos(
    state: &UploadState,
    mut upload: Upload,
    maker: Option<MakerId>,
) -> Result<Vec<ImageRef>, AppError> {
    for (_, files) in &mut upload.photos {
        for file in files {
            file.maker = maker;
            state
                .store
                .put_media(file)
                .await
                .map_err(AppError::internal)?;
        }
    }
    Ok(upload.photos.into_iter().map(|(photo, _)| photo).collect())
}

/// Stores the pictures of a step or a message (a commission's or a booking's),
/// each with the SHA-256 of its full-size file; with a `maker`, within their storage quota and counted in it.
async fn store_pictures_with_digests(
    state: &UploadState,
    upload: Upload,
    maker: Option<MakerId>,
) -> Result<Vec<app::commissions::CommissionPicture>, AppError> {
    if let Some(maker) = maker {
        state
            .ensure_storage_room(maker, upload.stored_bytes())
            .await?;
    }
    let mut digests = Vec::with_capacity(upload.photos.len());
    for (photo, files) in &upload.photos {
        let master = files
            .iter()
            .find(|file| file.key == photo.key)
            .ok_or_else(|| AppError::internal("a photo without its master file"))?;
        digests.push(app::shared::hex(&<sha2::Sha256 as sha2::Digest>::digest(
            &master.bytes,
        )));
    }
    let photos = store_photos(state, upload, maker).await?;
    Ok(photos
        .into_iter()
        .zip(digests)
        .map(|(image, sha256)| app::commissions::CommissionPicture { image, sha256 })
        .collect())
}

/// Who an upload comes from: the server's upload state, the browser's session
/// and the request's headers, taken before its body is read.
pub struct Uploader {
    state: UploadState,
    session: SessionHandle,
    headers: HeaderMap,
}

impl axum::extract::FromRequestParts<UploadState> for Uploader {
    type Rejection =
        <axum::Extension<tower_sessions::Session> as axum::extract::FromRequestParts<
            UploadState,
        >>::Rejection;

    async fn from_request_parts(
        parts: &mut axum::http::request::Parts,
        state: &UploadState,
    ) -> Result<Self, Self::Rejection> {
        let axum::Extension(session) =
            axum::Extension::<tower_sessions::Session>::from_request_parts(parts, state).await?;
        Ok(Uploader {
            state: state.clone(),
            session: SessionHandle(session),
            headers: parts.headers.clone(),
        })
    }
}

impl Uploader {
    async fn signed_in(&self) -> Result<app::accounts::StoredAccount, AppError> {
        signed_in(&self.state, &self.session).await
    }

    /// See `answer`.
    async fn answer(&self, outcome: Result<app::shared::Next, AppError>, back: Back) -> Response {
        answer(&self.session, &self.headers, outcome, back).await
    }
}

/// Ends an upload: on to the next page with its confirmation, or back with the
/// reason. The uploading script asks for the next address as text, so the page and
/// its one-time confirmation are loaded only once, by the browser.
async fn answer(
    session: &SessionHandle,
    headers: &HeaderMap,
    outcome: Result<app::shared::Next, AppError>,
    back: Back,
) -> Response {
    let back = match &outcome {
        Err(AppError::Unauthenticated) => Back::to("/sign-in", "sign-in"),
        _ => back,
    };
    let wants_path = headers
        .get(header::ACCEPT)
        .and_then(|accept| accept.to_str().ok())
        .is_some_and(|accept| accept.starts_with("text/plain"));
    match remember_outcome(session, &outcome, back).await {
        Ok(path) => {
            if let Err(error) = &outcome {
                tracing::info!(%error, "photo upload refused");
            }
            if wants_path {
                // Without the fragment: going to this page plus a fragment would
                // only scroll it.
                let page = path.split('#').next().unwrap_or_default().to_owned();
                ([(header::CONTENT_TYPE, "text/plain; charset=utf-8")], page).into_response()
            } else {
                Redirect::to(&path).into_response()
            }
        }
        Err(error) => (
            StatusCode::from_u16(error.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR),
            error.to_string(),
        )
            .into_response(),
    }
}

async fn signed_in(
    state: &UploadState,
    session: &SessionHandle,
) -> Result<app::accounts::StoredAccount, AppError> {
    app::accounts::signed_in_account(session, state.store.as_ref(), jiff::Timestamp::now())
        .await?
        .ok_or(AppError::Unauthenticated)
}

#[cfg(test)]
mod tests {
    use super::file_label;

    #[test]
    fn file_names_in_messages_are_short_base_names() {
        assert_eq!(file_label(Some("C:\\photos\\ring.jpg")), "“ring.jpg”");
        assert_eq!(file_label(Some("../../etc/passwd")), "“passwd”");
        assert_eq!(file_label(None), "That file");
        assert_eq!(file_label(Some(&"a".repeat(500))).chars().count(), 62);
    }
}
