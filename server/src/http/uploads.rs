//! Photo uploads: a multipart post of several photos at once. Each file is read
//! with a size cap, run through the photo pipeline (`crate::images`) and only when
//! every one of them is usable are they stored and shown on the piece — a refused
//! file leaves the piece as it was.

use super::sessions::SessionHandle;
use crate::images::{self, PhotoError};
use app::error::AppError;
use app::shared::{Back, ImageRef, remember_outcome};
use app::store::Store;
use axum::extract::{Multipart, Path, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use std::sync::Arc;
use tokio::sync::Semaphore;

/// The largest photo accepted; phones take 5–15 MB photos.
pub const MAX_PHOTO_BYTES: usize = 20 * 1024 * 1024;
/// The largest upload request: a full set of the largest photos, and the form around them.
pub const MAX_UPLOAD_BYTES: usize = app::studio::MAX_PHOTOS * MAX_PHOTO_BYTES + 64 * 1024;

#[derive(Clone)]
pub struct UploadState {
    pub store: Arc<dyn Store>,
    pub notary: Arc<dyn app::provenance::Notary>,
    pub site: String,
    /// Decoding a photo takes up to a few hundred MB; this many run at once.
    pub decoding: Arc<Semaphore>,
}

impl UploadState {
    pub fn new(
        store: Arc<dyn Store>,
        notary: Arc<dyn app::provenance::Notary>,
        site: String,
    ) -> Self {
        UploadState {
            store,
            notary,
            site,
            decoding: Arc::new(Semaphore::new(2)),
        }
    }
}

fn refused(message: impl Into<String>) -> AppError {
    AppError::Invalid(message.into())
}

fn photo_error(file: &str, error: PhotoError) -> AppError {
    refused(format!("{file}: {error} Nothing was added."))
}

/// Reads one file of the upload, refusing it as soon as it passes the cap.
async fn read_file(
    field: &mut axum::extract::multipart::Field<'_>,
    name: &str,
) -> Result<Vec<u8>, AppError> {
    let mut bytes = Vec::new();
    loop {
        match field.chunk().await {
            Ok(Some(chunk)) => {
                if bytes.len() + chunk.len() > MAX_PHOTO_BYTES {
                    return Err(refused(format!(
                        "{name} is larger than 20 MB. Please upload a smaller photo; nothing was added."
                    )));
                }
                bytes.extend_from_slice(&chunk);
            }
            Ok(None) => return Ok(bytes),
            Err(_) => return Err(upload_broken()),
        }
    }
}

fn upload_broken() -> AppError {
    refused(format!(
        "The upload didn't arrive whole (at most {} photos of 20 MB each). Nothing was added.",
        app::studio::MAX_PHOTOS
    ))
}

/// A display name for a file in messages: its base name, short and printable.
fn file_label(name: Option<&str>) -> String {
    let name = name
        .unwrap_or_default()
        .rsplit(['/', '\\'])
        .next()
        .unwrap_or_default();
    let clean: String = name.chars().filter(|c| !c.is_control()).take(60).collect();
    if clean.is_empty() {
        "That file".to_owned()
    } else {
        format!("“{clean}”")
    }
}

/// What a multipart upload carried: the photos, run through the pipeline, and the
/// short text fields beside them.
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
}

/// The longest text field read from an upload form.
const MAX_TEXT_FIELD_BYTES: usize = 4 * 1024;

/// Reads every part: files (at most `room` of them) through the photo pipeline,
/// text fields up to a few kilobytes. Nothing is stored yet.
async fn read_upload(
    state: &UploadState,
    headers: &HeaderMap,
    mut multipart: Multipart,
    room: usize,
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
            let bytes = read_file(&mut field, "A text field").await?;
            if bytes.len() > MAX_TEXT_FIELD_BYTES {
                return Err(refused(
                    "A description can be at most a few hundred characters.",
                ));
            }
            let text = String::from_utf8(bytes)
                .map_err(|_| refused("Please write the description as plain text."))?;
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
        let bytes = read_file(&mut field, &label).await?;
        let permit = state
            .decoding
            .clone()
            .acquire_owned()
            .await
            .map_err(AppError::internal)?;
        let files = tokio::task::spawn_blocking(move || {
            let _permit = permit;
            images::ingest(&bytes)
        })
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
        };
        upload.photos.push((photo, files));
    }
    if upload.photos.is_empty() {
        return Err(refused("Please choose at least one photo to upload."));
    }
    Ok(upload)
}

/// Stores every file of the upload, returning the photos they make.
async fn store_photos(state: &UploadState, upload: Upload) -> Result<Vec<ImageRef>, AppError> {
    for (_, files) in &upload.photos {
        for file in files {
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
    app::studio::service::Studio {
        store: state.store.as_ref(),
        notary: state.notary.as_ref(),
        site: &state.site,
        now: jiff::Timestamp::now(),
    }
}

async fn add_piece_photos(
    state: &UploadState,
    account: &app::accounts::StoredAccount,
    piece: app::pieces::PieceId,
    headers: &HeaderMap,
    multipart: Multipart,
) -> Result<app::shared::Next, AppError> {
    let room = studio(state).may_add_photos(account, piece).await?;
    if room == 0 {
        return Err(refused(format!(
            "A piece shows at most {} photos. Remove some first.",
            app::studio::MAX_PHOTOS
        )));
    }
    let upload = read_upload(state, headers, multipart, room).await?;
    let photos = store_photos(state, upload).await?;
    studio(state).attach_photos(account, piece, photos).await
}

async fn replace_portrait(
    state: &UploadState,
    account: &app::accounts::StoredAccount,
    headers: &HeaderMap,
    multipart: Multipart,
) -> Result<app::shared::Next, AppError> {
    studio(state).portrait(account).await?;
    let upload = read_upload(state, headers, multipart, 1).await?;
    let alt = app::studio::service::Studio::portrait_description(upload.text("alt"))?;
    let mut photos = store_photos(state, upload).await?;
    let mut portrait = photos.remove(0);
    portrait.alt = alt;
    studio(state).set_portrait(account, portrait).await
}

/// Ends an upload: on to the next page with its confirmation, or back with the
/// reason. The uploading script asks for the next address as text, so the page and
/// its one-time confirmation are loaded only once, by the browser.
async fn answer(
    session: &SessionHandle,
    headers: &HeaderMap,
    outcome: Result<app::shared::Next, AppError>,
    back: &str,
) -> Response {
    let back = match &outcome {
        Err(AppError::Unauthenticated) => Back {
            path: "/sign-in".into(),
            form: "sign-in",
            fields: vec![],
        },
        _ => Back {
            path: back.to_owned(),
            form: if back.starts_with("/studio/profile") {
                "profile"
            } else {
                "piece"
            },
            fields: vec![],
        },
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

/// `POST /studio/pieces/{id}/photos`: several photos for a piece.
pub async fn piece_photos(
    State(state): State<UploadState>,
    Path(piece): Path<String>,
    axum::Extension(session): axum::Extension<tower_sessions::Session>,
    headers: HeaderMap,
    multipart: Multipart,
) -> Response {
    let session = SessionHandle(session);
    let id = piece.parse::<i64>().ok().filter(|id| *id > 0);
    let editor = id.map_or_else(
        || "/studio".to_owned(),
        |id| format!("/studio/pieces/{id}#photos"),
    );
    let outcome = match (signed_in(&state, &session).await, id) {
        (Ok(account), Some(id)) => {
            add_piece_photos(
                &state,
                &account,
                app::pieces::PieceId(id),
                &headers,
                multipart,
            )
            .await
        }
        (Ok(_), None) => Err(AppError::NotFound),
        (Err(error), _) => Err(error),
    };
    answer(&session, &headers, outcome, &editor).await
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
    answer(&session, &headers, outcome, "/studio/profile").await
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
