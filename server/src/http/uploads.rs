//! Photo uploads: a multipart post of several photos at once. Each file is read
//! with a size cap, run through the photo pipeline (`crate::images`) and only when
//! every one of them is usable — and fits in the maker's storage — are they stored
//! and shown on the piece: a refused file leaves the piece as it was.
//!
//! An upload holds its files in memory while they are checked, so only a few run
//! at once (`UploadLimits::slots`); the others wait briefly for a slot before any
//! file is read, or are turned away in words.

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

fn studio(state: &UploadState) -> app::studio::service::Studio<'_> {
    app::studio::service::Studio::new(
        state.store.as_ref(),
        state.notary.as_ref(),
        &state.site,
        jiff::Timestamp::now(),
    )
}

async fn add_piece_photos(
    state: &UploadState,
    account: &app::accounts::StoredAccount,
    piece: app::pieces::PieceId,
    headers: &HeaderMap,
    multipart: Multipart,
) -> Result<app::shared::Next, AppError> {
    let room = studio(state).may_add_photos(account, piece).await?;
    if room.free == 0 {
        return Err(refused(format!(
            "A piece shows at most {} photos. Remove some first.",
            app::studio::MAX_PHOTOS
        )));
    }
    let visibility = if room.published {
        Visibility::Public
    } else {
        Visibility::Private
    };
    let _slot = state.slot().await?;
    let upload = read_upload(headers, multipart, room.free, visibility).await?;
    state
        .ensure_storage_room(room.maker, upload.stored_bytes())
        .await?;
    let photos = store_photos(state, upload, Some(room.maker)).await?;
    Ok(studio(state).attach_photos(account, piece, photos).await?)
}

async fn replace_portrait(
    state: &UploadState,
    account: &app::accounts::StoredAccount,
    headers: &HeaderMap,
    multipart: Multipart,
) -> Result<app::shared::Next, AppError> {
    let maker = studio(state).maker(account).await?.id;
    let _slot = state.slot().await?;
    let upload = read_upload(headers, multipart, 1, Visibility::Public).await?;
    let alt = app::studio::service::Studio::portrait_description(upload.text("alt"))?;
    state
        .ensure_storage_room(maker, upload.stored_bytes())
        .await?;
    let mut photos = store_photos(state, upload, Some(maker)).await?;
    let mut portrait = photos.remove(0);
    portrait.alt = alt;
    Ok(studio(state).set_portrait(account, portrait).await?)
}

/// The largest document upload request: one document and the form around it.
pub const MAX_DOCUMENT_UPLOAD_BYTES: usize = app::provenance::MAX_DOCUMENT_BYTES + 64 * 1024;

/// Reads a document upload: one file, the claims it backs, whether buyers see it.
/// A picture is re-encoded (dropping what the camera recorded beside it); a PDF is
/// kept as it is. The digest is taken of what is stored. The caller holds an
/// upload slot (`UploadState::slot`).
async fn read_document(
    headers: &HeaderMap,
    mut multipart: Multipart,
) -> Result<(app::provenance::NewDocument, Vec<String>), AppError> {
    use app::provenance::{DocumentKind, MAX_DOCUMENT_BYTES, NewDocument};
    let broken = || {
        refused(
            "The upload didn't arrive whole (one document of at most 20 MB). Nothing was added.",
        )
    };
    let declared = headers
        .get(header::CONTENT_LENGTH)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.parse::<usize>().ok());
    if declared.is_some_and(|length| length > MAX_DOCUMENT_UPLOAD_BYTES) {
        return Err(refused(
            "That document is larger than 20 MB. Please upload a smaller file; nothing was added.",
        ));
    }
    let mut file = None;
    let mut claims = Vec::new();
    let mut public = false;
    loop {
        let mut field = match multipart.next_field().await {
            Ok(Some(field)) => field,
            Ok(None) => break,
            Err(_) => return Err(broken()),
        };
        let name = field.name().unwrap_or_default().to_owned();
        match field.file_name().map(str::to_owned) {
            Some(file_name) if !file_name.is_empty() => {
                if file.is_some() {
                    return Err(refused("Please upload one document at a time."));
                }
                let label = file_label(Some(&file_name));
                let bytes = read_file(&mut field, &label, MAX_DOCUMENT_BYTES).await?;
                file = Some((file_name, label, bytes));
            }
            Some(_) => {}
            None => {
                let text = read_text(&mut field)
                    .await
                    .map_err(|refusal| match refusal {
                        TextRefused::TooLong | TextRefused::NotText => {
                            refused("Please choose the claims from the page.")
                        }
                        TextRefused::Broken => broken(),
                    })?;
                match name.as_str() {
                    "claims[]" | "claims" if claims.len() < 200 => claims.push(text),
                    "public" => public = true,
                    _ => {}
                }
            }
        }
    }
    let Some((file_name, label, bytes)) = file else {
        return Err(refused("Please choose a document to upload."));
    };
    let kind = DocumentKind::sniff(&bytes).ok_or_else(|| {
        refused(format!(
            "{label} isn't a document we can keep. Please upload a PDF, or a JPEG, PNG or WebP \
             picture. Nothing was added."
        ))
    })?;
    let (kind, bytes) = if kind == DocumentKind::Pdf {
        (kind, bytes)
    } else {
        let scrubbed = tokio::task::spawn_blocking(move || images::scrub_document_picture(&bytes))
            .await
            .map_err(AppError::internal)?
            .map_err(|error| photo_error(&label, error))?;
        (DocumentKind::Jpeg, scrubbed)
    };
    let sha256 = {
        use sha2::{Digest, Sha256};
        app::shared::hex(&Sha256::digest(&bytes))
    };
    let document = NewDocument {
        sha256,
        file_name: base_name(Some(&file_name), 120),
        kind,
        public,
        bytes,
    };
    Ok((document, claims))
}

async fn add_document(
    state: &UploadState,
    account: &app::accounts::StoredAccount,
    piece: app::pieces::PieceId,
    headers: &HeaderMap,
    multipart: Multipart,
) -> Result<app::shared::Next, AppError> {
    let maker = studio(state).may_attach_document(account, piece).await?;
    let _slot = state.slot().await?;
    let (document, claims) = read_document(headers, multipart).await?;
    state
        .ensure_storage_room(maker, document.bytes.len() as u64)
        .await?;
    Ok(studio(state)
        .attach_document(account, piece, &document, &claims)
        .await?)
}

/// `POST /studio/pieces/{id}/documents`: a document backing some of the piece's claims.
pub async fn piece_document(
    State(state): State<UploadState>,
    Path(piece): Path<String>,
    axum::Extension(session): axum::Extension<tower_sessions::Session>,
    headers: HeaderMap,
    multipart: Multipart,
) -> Response {
    let request = PieceUpload {
        state: &state,
        session: SessionHandle(session),
        headers: &headers,
        piece: &piece,
        section: "evidence",
    };
    request
        .answer(async |account, id| add_document(&state, account, id, &headers, multipart).await)
        .await
}

/// `GET /pieces/{slug}/documents/{sha256}`: an evidence document, to buyers when the
/// maker shows it, and always to the maker and operators. Any other request is
/// told there is nothing here, so private documents are not known to exist.
pub async fn serve_document(
    State(state): State<UploadState>,
    Path((slug, sha256)): Path<(String, String)>,
    axum::Extension(session): axum::Extension<tower_sessions::Session>,
) -> Response {
    let not_found = || (StatusCode::NOT_FOUND, "There is no document here.").into_response();
    if app::shared::Slug::parse(&slug).is_err() || !app::provenance::is_digest(&sha256) {
        return not_found();
    }
    let file = match state.store.document_file(&slug, &sha256).await {
        Ok(Some(file)) => file,
        Ok(None) => return not_found(),
        Err(error) => {
            tracing::error!(%error, "could not read an evidence document");
            return (
                StatusCode::SERVICE_UNAVAILABLE,
                "This document can't be shown right now. Please try again in a moment.",
            )
                .into_response();
        }
    };
    let viewer = if file.public && file.piece_public {
        None
    } else {
        signed_in(&state, &SessionHandle(session)).await.ok()
    };
    if !file.readable_by(viewer.as_ref()) {
        return not_found();
    }
    // The digest names the content, so it never changes; private files stay out of
    // shared caches.
    let cache = if file.public && file.piece_public {
        "public, max-age=31536000, immutable"
    } else {
        "private, no-store"
    };
    // A PDF is saved, not opened on this site: whatever a PDF carries never runs here.
    let disposition = match file.kind {
        app::provenance::DocumentKind::Pdf => "attachment",
        _ => "inline",
    };
    let name: String = file
        .file_name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || "._- ".contains(c) {
                c
            } else {
                '_'
            }
        })
        .collect();
    let name = if name.trim().is_empty() {
        format!("evidence.{}", file.kind.slug())
    } else {
        name
    };
    (
        [
            (header::CONTENT_TYPE, file.kind.content_type().to_owned()),
            (header::CACHE_CONTROL, cache.to_owned()),
            (
                header::CONTENT_DISPOSITION,
                format!("{disposition}; filename=\"{name}\""),
            ),
            (
                header::CONTENT_SECURITY_POLICY,
                "default-src 'none'; style-src 'unsafe-inline'; sandbox".to_owned(),
            ),
        ],
        file.bytes,
    )
        .into_response()
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
        Err(AppError::Unauthenticated) => Back {
            path: "/sign-in".into(),
            form: "sign-in",
            fields: vec![],
        },
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

/// An upload to one of the signed-in maker's pieces, answered on the editor's
/// `section`.
struct PieceUpload<'a> {
    state: &'a UploadState,
    session: SessionHandle,
    headers: &'a HeaderMap,
    piece: &'a str,
    section: &'static str,
}

impl PieceUpload<'_> {
    async fn answer(
        self,
        upload: impl AsyncFnOnce(
            &app::accounts::StoredAccount,
            app::pieces::PieceId,
        ) -> Result<app::shared::Next, AppError>,
    ) -> Response {
        let id = self.piece.parse::<i64>().ok().filter(|id| *id > 0);
        let editor = id.map_or_else(
            || "/studio".to_owned(),
            |id| format!("/studio/pieces/{id}#{}", self.section),
        );
        let outcome = match (signed_in(self.state, &self.session).await, id) {
            (Ok(account), Some(id)) => upload(&account, app::pieces::PieceId(id)).await,
            (Ok(_), None) => Err(AppError::NotFound),
            (Err(error), _) => Err(error),
        };
        let back = Back {
            path: editor,
            form: "piece",
            fields: vec![],
        };
        answer(&self.session, self.headers, outcome, back).await
    }
}

/// `POST /studio/pieces/{id}/photos`: several photos for a piece.
pub async fn piece_photos(
    State(state): State<UploadState>,
    Path(piece): Path<String>,
    axum::Extension(session): axum::Extension<tower_sessions::Session>,
    headers: HeaderMap,
    multipart: Multipart,
) -> Response {
    let request = PieceUpload {
        state: &state,
        session: SessionHandle(session),
        headers: &headers,
        piece: &piece,
        section: "photos",
    };
    request
        .answer(async |account, id| {
            add_piece_photos(&state, account, id, &headers, multipart).await
        })
        .await
}

/// `POST /studio/portrait`: the maker's portrait and its description.
pub async fn portrait(
    State(state): State<UploadState>,
    axum::Extension(session): axum::Extension<tower_sessions::Session>,
    headers: HeaderMap,
    multipart: Multipart,
) -> Response {
    let session = SessionHandle(session);
    let outcome = match signed_in(&state, &session).await {
        Ok(account) => replace_portrait(&state, &account, &headers, multipart).await,
        Err(error) => Err(error),
    };
    let back = Back {
        path: "/studio/profile".into(),
        form: "profile",
        fields: vec![],
    };
    answer(&session, &headers, outcome, back).await
}

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
    State(state): State<UploadState>,
    Path(booking): Path<String>,
    axum::extract::Query(BookingKey { key }): axum::extract::Query<BookingKey>,
    axum::Extension(session): axum::Extension<tower_sessions::Session>,
    headers: HeaderMap,
    multipart: Multipart,
) -> Response {
    let session = SessionHandle(session);
    let id = booking.parse::<i64>().ok().filter(|id| *id > 0);
    let key = Some(key.trim()).filter(|key| !key.is_empty());
    let page = buyer_page(id, key);
    let outcome = async {
        let id = id.ok_or(AppError::NotFound)?;
        let viewer = signed_in(&state, &session).await.ok();
        let desk = booking_desk(&state);
        let room = desk.picture_room(id, key, viewer.as_ref()).await?;
        // A buyer's pictures are for the maker, not for the catalogue: private,
        // and not counted towards the maker's storage.
        let _slot = state.slot().await?;
        let upload = read_upload(&headers, multipart, room, Visibility::Private).await?;
        let pictures = store_photos(&state, upload, None).await?;
        Ok::<_, AppError>(
            desk.add_pictures(id, key, viewer.as_ref(), pictures)
                .await?,
        )
    }
    .await;
    let back = Back {
        path: format!("{page}#pictures"),
        form: "booking",
        fields: vec![],
    };
    answer(&session, &headers, outcome, back).await
}

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
    State(state): State<UploadState>,
    Path(commission): Path<String>,
    axum::extract::Query(StepQuery { step, version }): axum::extract::Query<StepQuery>,
    axum::Extension(session): axum::Extension<tower_sessions::Session>,
    headers: HeaderMap,
    multipart: Multipart,
) -> Response {
    let session = SessionHandle(session);
    let digits: String = commission.chars().filter(char::is_ascii_digit).collect();
    let mut form = app::commissions::StepForm::default();
    let outcome = async {
        let viewer = signed_in(&state, &session).await?;
        let desk = commission_desk(&state);
        let room = desk
            .picture_room(Some(&viewer), &commission, &step, &version)
            .await?;
        let _slot = state.slot().await?;
        let upload = read_form(&headers, multipart, room, Visibility::Private).await?;
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
        let pictures = store_commission_pictures(&state, upload, Some(decided.maker())).await?;
        Ok::<_, AppError>(desk.take(decided, pictures).await?)
    }
    .await;
    let back = Back {
        path: format!("/commissions/{digits}"),
        form: "commission",
        fields: vec![("step", serde_json::to_string(&form).unwrap_or_default())],
    };
    answer(&session, &headers, outcome, back).await
}

/// A custody entry by the maker (an intake, or what happened to an item),
/// with its photos: decided on the log as read before any photo is stored.
pub async fn commission_custody(
    State(state): State<UploadState>,
    Path(commission): Path<String>,
    axum::Extension(session): axum::Extension<tower_sessions::Session>,
    headers: HeaderMap,
    multipart: Multipart,
) -> Response {
    let session = SessionHandle(session);
    let digits: String = commission.chars().filter(char::is_ascii_digit).collect();
    let mut form = app::commissions::CustodyForm::default();
    let outcome = async {
        let viewer = signed_in(&state, &session).await?;
        let desk = commission_desk(&state);
        let room = desk.custody_room(Some(&viewer), &commission).await?;
        let _slot = state.slot().await?;
        let upload = read_form(&headers, multipart, room, Visibility::Private).await?;
        form = custody_form(&commission, &upload);
        let decided = desk
            .decide_custody(Some(&viewer), &form, upload.photos.len())
            .await?;
        let pictures = store_commission_pictures(&state, upload, Some(decided.maker())).await?;
        Ok::<_, AppError>(desk.record_custody(decided, pictures).await?)
    }
    .await;
    let back = Back {
        path: format!("/commissions/{digits}#custody"),
        form: "commission",
        fields: vec![("custody", serde_json::to_string(&form).unwrap_or_default())],
    };
    answer(&session, &headers, outcome, back).await
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

/// Stores a commission upload's pictures, each with the SHA-256 of its
/// full-size file; with a `maker`, within their storage quota and counted in it.
async fn store_commission_pictures(
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

/// A message with pictures on a commission, to `/commissions/{id}/message`: who
/// may write is checked before a picture is read, the text before one is stored.
pub async fn commission_message(
    State(state): State<UploadState>,
    Path(commission): Path<String>,
    axum::Extension(session): axum::Extension<tower_sessions::Session>,
    headers: HeaderMap,
    multipart: Multipart,
) -> Response {
    let session = SessionHandle(session);
    let digits: String = commission.chars().filter(char::is_ascii_digit).collect();
    let mut form = app::commissions::MessageForm::default();
    let outcome = async {
        let viewer = signed_in(&state, &session).await?;
        let desk = commission_desk(&state);
        let maker = desk.message_room(Some(&viewer), &commission).await?;
        let _slot = state.slot().await?;
        let upload = read_form(
            &headers,
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
        let pictures = store_commission_pictures(&state, upload, maker).await?;
        Ok::<_, AppError>(desk.message(Some(&viewer), &form, pictures).await?)
    }
    .await;
    let back = Back {
        path: format!("/commissions/{digits}#messages"),
        form: "commission",
        fields: vec![("message", form.body.clone())],
    };
    answer(&session, &headers, outcome, back).await
}

/// `POST /bookings/{id}/message`: pictures (and words) in a booking's thread,
/// from its buyer (by account or the `key` of their link) or its maker; who may
/// write is settled before a picture is read.
pub async fn booking_message(
    State(state): State<UploadState>,
    Path(booking): Path<String>,
    axum::extract::Query(BookingKey { key }): axum::extract::Query<BookingKey>,
    axum::Extension(session): axum::Extension<tower_sessions::Session>,
    headers: HeaderMap,
    multipart: Multipart,
) -> Response {
    let session = SessionHandle(session);
    let id = booking.parse::<i64>().ok().filter(|id| *id > 0);
    let key = Some(key.trim()).filter(|key| !key.is_empty());
    let mut body = String::new();
    let mut as_maker = false;
    let outcome = async {
        let id = id.ok_or(AppError::NotFound)?;
        let viewer = signed_in(&state, &session).await.ok();
        let desk = booking_desk(&state);
        let maker = desk.message_room(id, key, viewer.as_ref()).await?;
        as_maker = maker.is_some();
        let _slot = state.slot().await?;
        let upload = read_form(
            &headers,
            multipart,
            services::threads::MAX_MESSAGE_PICTURES,
            Visibility::Private,
        )
        .await?;
        upload.text("body").clone_into(&mut body);
        services::threads::message_body(&body, upload.photos.len())?;
        let pictures = store_commission_pictures(&state, upload, maker).await?;
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
    let back = Back {
        path: format!("{page}#messages"),
        form: "booking",
        fields: vec![("message", body)],
    };
    answer(&session, &headers, outcome, back).await
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
