//! Evidence documents, written once for both dialects. The file goes to the object
//! store first, so a record never names a file that isn't there; every statement
//! on a piece's documents carries the maker, so another maker's piece has none.

use super::SqlResult;
use super::SqlStore;
use super::catalogue::SHOWN_PIECE;
use domain::provenance::DocumentStore;

/// Where a document's file lives in the object store.
pub(super) fn document_key(sha256: &str) -> String {
    format!("evidence/{sha256}")
}

/// A document from its row (`sha256, file_name, kind, byte_size, public, uploaded_at`).
pub(super) fn evidence_document<R>(row: &R) -> SqlResult<domain::provenance::EvidenceDocument>
where
    R: sqlx::Row,
    for<'n> &'n str: sqlx::ColumnIndex<R>,
    for<'r> i64: sqlx::Decode<'r, R::Database> + sqlx::Type<R::Database>,
    for<'r> bool: sqlx::Decode<'r, R::Database> + sqlx::Type<R::Database>,
    for<'r> String: sqlx::Decode<'r, R::Database> + sqlx::Type<R::Database>,
    for<'r> super::time::DbTime: sqlx::Decode<'r, R::Database> + sqlx::Type<R::Database>,
{
    use super::catalogue::column;
    let kind: String = column(row, "kind")?;
    let uploaded: super::time::DbTime = column(row, "uploaded_at")?;
    Ok(domain::provenance::EvidenceDocument {
        sha256: column(row, "sha256")?,
        file_name: column(row, "file_name")?,
        kind: domain::provenance::DocumentKind::from_slug(&kind).ok_or_else(|| {
            domain::store::StoreError::Backend(format!("unknown document kind {kind}"))
        })?,
        byte_size: u64::try_from(column::<_, i64>(row, "byte_size")?).unwrap_or_default(),
        public: column(row, "public")?,
        uploaded_on: super::browse::day(uploaded.0),
    })
}

/// A document with its piece and maker, from an `UNDER_REVIEW` row.
pub(super) fn under_review<R>(row: &R) -> SqlResult<domain::provenance::DocumentUnderReview>
where
    R: sqlx::Row,
    for<'n> &'n str: sqlx::ColumnIndex<R>,
    for<'r> i64: sqlx::Decode<'r, R::Database> + sqlx::Type<R::Database>,
    for<'r> bool: sqlx::Decode<'r, R::Database> + sqlx::Type<R::Database>,
    for<'r> String: sqlx::Decode<'r, R::Database> + sqlx::Type<R::Database>,
    for<'r> Option<String>: sqlx::Decode<'r, R::Database> + sqlx::Type<R::Database>,
    for<'r> super::time::DbTime: sqlx::Decode<'r, R::Database> + sqlx::Type<R::Database>,
    for<'r> sqlx::types::Json<domain::provenance::Disclosure>:
        sqlx::Decode<'r, R::Database> + sqlx::Type<R::Database>,
{
    use super::catalogue::column;
    let disclosure: sqlx::types::Json<domain::provenance::Disclosure> = column(row, "disclosure")?;
    Ok(domain::provenance::DocumentUnderReview {
        maker: domain::makers::MakerId(column(row, "maker_id")?),
        maker_name: column(row, "display_name")?,
        maker_email: column(row, "email")?,
        piece: domain::pieces::PieceId(column(row, "piece_id")?),
        piece_slug: column(row, "slug")?,
        piece_title: column(row, "title")?,
        disclosure: disclosure.0,
        document: evidence_document(row)?,
    })
}

/// Documents of pieces whose disclosure still has claims resting on a document
/// (the `documents` evidence facet), with their piece and maker.
pub(super) const UNDER_REVIEW: &str = "\
                                       SELECT d.sha256, d.file_name, d.kind, d.byte_size, d.public, d.uploaded_at, \
                                       p.id AS piece_id, p.slug, p.title, p.disclosure, m.id AS maker_id, m.display_name, \
                                       a.email FROM evidence_documents d JOIN pieces p ON p.id = d.piece_id \
                                       JOIN makers m ON m.id = p.maker_id LEFT JOIN accounts a ON a.id = m.account_id \
                                       WHERE p.disclosure IS NOT NULL AND p.evidence LIKE '%documents%'";

#[async_trait::async_trait]
impl DocumentStore for SqlStore {
    async fn piece_documents(
        &self,
        maker: domain::makers::MakerId,
        piece: domain::pieces::PieceId,
    ) -> Result<Vec<domain::provenance::EvidenceDocument>, domain::store::StoreError> {
        on_pool!(self, |pool| {
            let rows = sqlx::query(
                "SELECT d.sha256, d.file_name, d.kind, d.byte_size, d.public, d.uploaded_at \
                 FROM evidence_documents d JOIN pieces p ON p.id = d.piece_id \
                 WHERE d.piece_id = $1 AND p.maker_id = $2 \
                 ORDER BY d.uploaded_at, d.sha256",
            )
            .bind(piece.0)
            .bind(maker.0)
            .fetch_all(pool)
            .await?;
            rows.iter()
                .map(crate::store::documents::evidence_document)
                .collect()
        })
    }

    async fn add_document(
        &self,
        maker: domain::makers::MakerId,
        piece: domain::pieces::PieceId,
        document: &domain::provenance::NewDocument,
        now: jiff::Timestamp,
    ) -> Result<bool, domain::store::StoreError> {
        on_pool!(self, |pool| {
            use crate::store::time::DbTime;
            let owned: Option<i64> =
                sqlx::query_scalar("SELECT id FROM pieces WHERE id = $1 AND maker_id = $2")
                    .bind(piece.0)
                    .bind(maker.0)
                    .fetch_optional(pool)
                    .await?;
            if owned.is_none() {
                return Ok(false);
            }
            self.media_files()
                .put(
                    &crate::store::documents::document_key(&document.sha256),
                    &document.bytes,
                )
                .await
                .map_err(|e| domain::store::StoreError::Unavailable(e.to_string()))?;
            let added = sqlx::query(
                "INSERT INTO evidence_documents \
                 (piece_id, sha256, file_name, kind, byte_size, public, uploaded_at) \
                 SELECT id, $3, $4, $5, $6, $7, $8 FROM pieces WHERE id = $1 AND maker_id = $2 \
                 ON CONFLICT (piece_id, sha256) DO UPDATE SET public = excluded.public",
            )
            .bind(piece.0)
            .bind(maker.0)
            .bind(&document.sha256)
            .bind(&document.file_name)
            .bind(document.kind.slug())
            .bind(i64::try_from(document.bytes.len()).unwrap_or(i64::MAX))
            .bind(document.public)
            .bind(DbTime(now))
            .execute(pool)
            .await?
            .rows_affected();
            Ok(added > 0)
        })
    }

    async fn set_document_public(
        &self,
        maker: domain::makers::MakerId,
        piece: domain::pieces::PieceId,
        sha256: &str,
        public: bool,
    ) -> Result<bool, domain::store::StoreError> {
        on_pool!(self, |pool| {
            let changed = sqlx::query(
                "UPDATE evidence_documents SET public = $4 WHERE piece_id = $1 AND sha256 = $3 \
                 AND EXISTS (SELECT 1 FROM pieces p WHERE p.id = $1 AND p.maker_id = $2)",
            )
            .bind(piece.0)
            .bind(maker.0)
            .bind(sha256)
            .bind(public)
            .execute(pool)
            .await?
            .rows_affected();
            Ok(changed > 0)
        })
    }

    async fn remove_document(
        &self,
        maker: domain::makers::MakerId,
        piece: domain::pieces::PieceId,
        sha256: &str,
    ) -> Result<bool, domain::store::StoreError> {
        on_pool!(self, |pool| {
            // The file stays: another piece may hold the same document, and a
            // passport already issued names it.
            let removed = sqlx::query(
                "DELETE FROM evidence_documents WHERE piece_id = $1 AND sha256 = $3 \
                 AND EXISTS (SELECT 1 FROM pieces p WHERE p.id = $1 AND p.maker_id = $2)",
            )
            .bind(piece.0)
            .bind(maker.0)
            .bind(sha256)
            .execute(pool)
            .await?
            .rows_affected();
            Ok(removed > 0)
        })
    }

    async fn documents_for_review(
        &self,
        limit: u32,
        offset: u32,
    ) -> Result<Vec<domain::provenance::DocumentUnderReview>, domain::store::StoreError> {
        on_pool!(self, |pool| {
            let rows = sqlx::query(&format!(
                "{} ORDER BY d.uploaded_at, d.piece_id, d.sha256 LIMIT $1 OFFSET $2",
                crate::store::documents::UNDER_REVIEW
            ))
            .bind(i64::from(limit))
            .bind(i64::from(offset))
            .fetch_all(pool)
            .await?;
            rows.iter()
                .map(crate::store::documents::under_review)
                .collect()
        })
    }

    async fn document_for_review(
        &self,
        piece: domain::pieces::PieceId,
        sha256: &str,
    ) -> Result<Option<domain::provenance::DocumentUnderReview>, domain::store::StoreError> {
        on_pool!(self, |pool| {
            let row = sqlx::query(&format!(
                "{} AND d.piece_id = $1 AND d.sha256 = $2",
                crate::store::documents::UNDER_REVIEW
            ))
            .bind(piece.0)
            .bind(sha256)
            .fetch_optional(pool)
            .await?;
            row.as_ref()
                .map(crate::store::documents::under_review)
                .transpose()
        })
    }

    async fn document_file(
        &self,
        piece_slug: &str,
        sha256: &str,
    ) -> Result<Option<domain::provenance::DocumentFile>, domain::store::StoreError> {
        on_pool!(self, |pool| {
            use crate::store::catalogue as c;
            let Some(row) = sqlx::query(&format!(
                "SELECT d.file_name, d.kind, d.public, m.account_id, \
                 ({SHOWN_PIECE}) AS piece_public \
                 FROM evidence_documents d JOIN pieces p ON p.id = d.piece_id \
                 JOIN makers m ON m.id = p.maker_id WHERE p.slug = $1 AND d.sha256 = $2"
            ))
            .bind(piece_slug)
            .bind(sha256)
            .fetch_optional(pool)
            .await?
            else {
                return Ok(None);
            };
            let kind: String = c::column(&row, "kind")?;
            let bytes = self
                .media_files()
                .get(&crate::store::documents::document_key(sha256))
                .await
                .map_err(|e| domain::store::StoreError::Unavailable(e.to_string()))?
                .ok_or_else(|| {
                    domain::store::StoreError::Unavailable(format!(
                        "evidence document {sha256} is missing"
                    ))
                })?;
            Ok(Some(domain::provenance::DocumentFile {
                file_name: c::column(&row, "file_name")?,
                kind: domain::provenance::DocumentKind::from_slug(&kind).ok_or_else(|| {
                    domain::store::StoreError::Backend(format!("unknown document kind {kind}"))
                })?,
                public: c::column(&row, "public")?,
                owner: c::column::<_, Option<i64>>(&row, "account_id")?
                    .map(domain::accounts::AccountId),
                piece_public: c::column(&row, "piece_public")?,
                bytes,
            }))
        })
    }
}
