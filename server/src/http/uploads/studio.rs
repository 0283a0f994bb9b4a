//! A maker's uploads: a piece's photos, their portrait, and the evidence
//! documents behind a piece's claims (and serving those to whoever may see them).

use super::*;

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
    uploader: Uploader,
    Path(piece): Path<String>,
    multipart: Multipart,
) -> Response {
    to_piece(uploader, &piece, "evidence", multipart, add_document).await
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

/// An upload to one of the signed-in maker's pieces, answered on the editor's
/// `section`.
async fn to_piece(
    uploader: Uploader,
    piece: &str,
    section: &'static str,
    multipart: Multipart,
    upload: impl AsyncFnOnce(
        &UploadState,
        &app::accounts::StoredAccount,
        app::pieces::PieceId,
        &HeaderMap,
        Multipart,
    ) -> Result<app::shared::Next, AppError>,
) -> Response {
    let Uploader {
        state,
        session,
        headers,
    } = uploader;
    let id = piece.parse::<i64>().ok().filter(|id| *id > 0);
    let editor = id.map_or_else(
        || "/studio".to_owned(),
        |id| format!("/studio/pieces/{id}#{section}"),
    );
    let outcome = match (signed_in(&state, &session).await, id) {
        (Ok(account), Some(id)) => {
            upload(
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
    let back = Back::to(editor, "piece");
    answer(&session, &headers, outcome, back).await
}

/// `POST /studio/pieces/{id}/photos`: several photos for a piece.
pub async fn piece_photos(
    uploader: Uploader,
    Path(piece): Path<String>,
    multipart: Multipart,
) -> Response {
    to_piece(uploader, &piece, "photos", multipart, add_piece_photos).await
}

/// `POST /studio/portrait`: the maker's portrait and its description.
pub async fn portrait(uploader: Uploader, multipart: Multipart) -> Response {
    let outcome = match uploader.signed_in().await {
        Ok(account) => {
            replace_portrait(&uploader.state, &account, &uploader.headers, multipart).await
        }
        Err(error) => Err(error),
    };
    let back = Back::to("/studio/profile", "profile");
    uploader.answer(outcome, back).await
}
