//! The account queries, written once for both dialects.

use super::SqlResult;
use super::SqlStore;
use super::corrupt;

use domain::accounts::{
    AccountId, AccountStore, DisplayName, Email, Outbox, Role, SessionStore, StoredAccount,
    Throttle,
};

/// The columns `account_row` reads, in a `SELECT`.
pub(super) const ACCOUNT_COLUMNS: &str =
    "id, email, display_name, role, password_hash, email_verified_at, session_epoch";

pub(super) fn account_row<R>(row: &R) -> SqlResult<StoredAccount>
where
    R: sqlx::Row,
    for<'n> &'n str: sqlx::ColumnIndex<R>,
    for<'r> i64: sqlx::Decode<'r, R::Database> + sqlx::Type<R::Database>,
    for<'r> String: sqlx::Decode<'r, R::Database> + sqlx::Type<R::Database>,
    for<'r> Option<super::time::DbTime>: sqlx::Decode<'r, R::Database>,
    super::time::DbTime: sqlx::Type<R::Database>,
{
    use super::catalogue::column;
    let email: String = column(row, "email")?;
    let name: String = column(row, "display_name")?;
    let role: String = column(row, "role")?;
    let verified: Option<super::time::DbTime> = column(row, "email_verified_at")?;
    Ok(StoredAccount {
        id: AccountId(column(row, "id")?),
        email: Email::parse(&email).map_err(|_| corrupt("email address", "unreadable"))?,
        display_name: DisplayName::parse(&name)
            .map_err(|_| corrupt("display name", "unreadable"))?,
        role: Role::from_slug(&role).ok_or_else(|| corrupt("role", "unreadable"))?,
        password_hash: column(row, "password_hash")?,
        email_verified: verified.is_some(),
        session_epoch: column(row, "session_epoch")?,
    })
}

/// `YYYY-MM-DD HH:MM` in UTC, for the development mailbox.
pub(super) fn minute(at: jiff::Timestamp) -> String {
    at.strftime("%Y-%m-%d %H:%M").to_string()
}

/// A mail's attachment from its row (`attachment_name, attachment_type, attachment`).
pub(super) fn attachment<R>(row: &R) -> SqlResult<Option<domain::accounts::Attachment>>
where
    R: sqlx::Row,
    for<'n> &'n str: sqlx::ColumnIndex<R>,
    for<'r> Option<String>: sqlx::Decode<'r, R::Database> + sqlx::Type<R::Database>,
{
    use super::catalogue::column;
    let name: Option<String> = column(row, "attachment_name")?;
    let content_type: Option<String> = column(row, "attachment_type")?;
    let text: Option<String> = column(row, "attachment")?;
    Ok(match (name, content_type, text) {
        (Some(name), Some(content_type), Some(text)) => Some(domain::accounts::Attachment {
            name,
            content_type,
            text,
        }),
        _ => None,
    })
}

#[async_trait::async_trait]
impl AccountStore for SqlStore {
    async fn create_account(
        &self,
        account: &domain::accounts::NewAccount,
    ) -> Result<domain::accounts::AccountId, domain::store::StoreError> {
        on_pool!(self, |pool| {
            let id: i64 = sqlx::query_scalar(
                "INSERT INTO accounts (email, display_name, password_hash, role, created_at) \
                 VALUES ($1, $2, $3, $4, $5) RETURNING id",
            )
            .bind(account.email.as_str())
            .bind(account.display_name.as_str())
            .bind(&account.password_hash)
            .bind(account.role.as_str())
            .bind(crate::store::time::DbTime(account.created_at))
            .fetch_one(pool)
            .await?;
            Ok(domain::accounts::AccountId(id))
        })
    }

    async fn account_by_email(
        &self,
        email: &domain::accounts::Email,
    ) -> Result<Option<domain::accounts::StoredAccount>, domain::store::StoreError> {
        on_pool!(self, |pool| {
            let sql = format!(
                "SELECT {} FROM accounts WHERE email = $1",
                crate::store::accounts::ACCOUNT_COLUMNS
            );
            sqlx::query(&sql)
                .bind(email.as_str())
                .fetch_optional(pool)
                .await?
                .map(|row| crate::store::accounts::account_row(&row))
                .transpose()
        })
    }

    async fn account(
        &self,
        id: domain::accounts::AccountId,
    ) -> Result<Option<domain::accounts::StoredAccount>, domain::store::StoreError> {
        on_pool!(self, |pool| {
            let sql = format!(
                "SELECT {} FROM accounts WHERE id = $1",
                crate::store::accounts::ACCOUNT_COLUMNS
            );
            sqlx::query(&sql)
                .bind(id.0)
                .fetch_optional(pool)
                .await?
                .map(|row| crate::store::accounts::account_row(&row))
                .transpose()
        })
    }

    async fn set_password(
        &self,
        id: domain::accounts::AccountId,
        password_hash: &str,
    ) -> Result<(), domain::store::StoreError> {
        on_pool!(self, |pool| {
            sqlx::query(
                "UPDATE accounts SET password_hash = $1, session_epoch = session_epoch + 1 \
                 WHERE id = $2",
            )
            .bind(password_hash)
            .bind(id.0)
            .execute(pool)
            .await?;
            Ok(())
        })
    }

    async fn set_role(
        &self,
        id: domain::accounts::AccountId,
        role: domain::accounts::Role,
    ) -> Result<bool, domain::store::StoreError> {
        on_pool!(self, |pool| {
            let changed = sqlx::query("UPDATE accounts SET role = $1 WHERE id = $2")
                .bind(role.as_str())
                .bind(id.0)
                .execute(pool)
                .await?
                .rows_affected();
            Ok(changed > 0)
        })
    }

    async fn mark_email_verified(
        &self,
        id: domain::accounts::AccountId,
        at: jiff::Timestamp,
    ) -> Result<(), domain::store::StoreError> {
        on_pool!(self, |pool| {
            sqlx::query(
                "UPDATE accounts SET email_verified_at = coalesce(email_verified_at, $1) \
                 WHERE id = $2",
            )
            .bind(crate::store::time::DbTime(at))
            .bind(id.0)
            .execute(pool)
            .await?;
            Ok(())
        })
    }

    async fn create_token(
        &self,
        token: &domain::accounts::NewToken,
    ) -> Result<(), domain::store::StoreError> {
        on_pool!(self, |pool| {
            sqlx::query(
                "INSERT INTO account_tokens (digest, account_id, purpose, expires_at) \
                 VALUES ($1, $2, $3, $4) \
                 ON CONFLICT (digest) DO UPDATE SET expires_at = excluded.expires_at",
            )
            .bind(&token.digest)
            .bind(token.account.0)
            .bind(token.purpose.as_str())
            .bind(crate::store::time::DbTime(token.expires_at))
            .execute(pool)
            .await?;
            Ok(())
        })
    }

    async fn take_token(
        &self,
        digest: &str,
        purpose: domain::accounts::TokenPurpose,
        now: jiff::Timestamp,
    ) -> Result<Option<(domain::accounts::AccountId, jiff::Timestamp)>, domain::store::StoreError>
    {
        on_pool!(self, |pool| {
            // One statement deletes and answers: of two racing requests, one wins.
            let taken: Option<(i64, crate::store::time::DbTime)> = sqlx::query_as(
                "DELETE FROM account_tokens WHERE digest = $1 AND purpose = $2 \
                 RETURNING account_id, expires_at",
            )
            .bind(digest)
            .bind(purpose.as_str())
            .fetch_optional(pool)
            .await?;
            Ok(taken
                .filter(|(_, expires)| expires.0 > now)
                .map(|(account, expires)| (domain::accounts::AccountId(account), expires.0)))
        })
    }

    async fn delete_tokens(
        &self,
        account: domain::accounts::AccountId,
    ) -> Result<(), domain::store::StoreError> {
        on_pool!(self, |pool| {
            sqlx::query("DELETE FROM account_tokens WHERE account_id = $1")
                .bind(account.0)
                .execute(pool)
                .await?;
            Ok(())
        })
    }
}

#[async_trait::async_trait]
impl Outbox for SqlStore {
    async fn queue_outgoing(
        &self,
        mail: &domain::accounts::OutgoingMail,
        at: jiff::Timestamp,
    ) -> Result<(), domain::store::StoreError> {
        on_pool!(self, |pool| {
            let attachment = mail.attachment.as_ref();
            sqlx::query(
                "INSERT INTO outbox (recipient, subject, body, created_at, not_before, \
                 attachment_name, attachment_type, attachment, topic) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
            )
            .bind(&mail.to)
            .bind(&mail.subject)
            .bind(&mail.body)
            .bind(crate::store::time::DbTime(at))
            .bind(mail.not_before.map(crate::store::time::DbTime))
            .bind(attachment.map(|a| a.name.as_str()))
            .bind(attachment.map(|a| a.content_type.as_str()))
            .bind(attachment.map(|a| a.text.as_str()))
            .bind(mail.topic.as_deref())
            .execute(pool)
            .await?;
            Ok(())
        })
    }

    async fn withdraw_mail(&self, topic: &str) -> Result<u64, domain::store::StoreError> {
        on_pool!(self, |pool| {
            Ok(
                sqlx::query("DELETE FROM outbox WHERE topic = $1 AND sent_at IS NULL")
                    .bind(topic)
                    .execute(pool)
                    .await?
                    .rows_affected(),
            )
        })
    }

    async fn recent_mail(
        &self,
        limit: u32,
    ) -> Result<Vec<domain::accounts::Mail>, domain::store::StoreError> {
        on_pool!(self, |pool| {
            use crate::store::catalogue::column;
            use crate::store::time::DbTime;
            let rows = sqlx::query(
                "SELECT recipient, subject, body, created_at, not_before, attachment_name, \
                 attachment_type, attachment FROM outbox ORDER BY id DESC LIMIT $1",
            )
            .bind(i64::from(limit))
            .fetch_all(pool)
            .await?;
            rows.iter()
                .map(|row| {
                    let queued: DbTime = column(row, "created_at")?;
                    let not_before: Option<DbTime> = column(row, "not_before")?;
                    Ok(domain::accounts::Mail {
                        to: column(row, "recipient")?,
                        subject: column(row, "subject")?,
                        body: column(row, "body")?,
                        queued: crate::store::accounts::minute(queued.0),
                        not_before: not_before
                            .filter(|later| later.0 > queued.0)
                            .map(|later| crate::store::accounts::minute(later.0)),
                        attachment: crate::store::accounts::attachment(row)?,
                    })
                })
                .collect()
        })
    }

    async fn claim_mail(
        &self,
        now: jiff::Timestamp,
        lease_until: jiff::Timestamp,
        limit: u32,
    ) -> Result<Vec<domain::accounts::PendingMail>, domain::store::StoreError> {
        on_pool!(self, |pool| {
            // The conditions are repeated outside the subquery: PostgreSQL checks
            // them again on a row another server claimed meanwhile.
            use crate::store::catalogue::column;
            let rows = sqlx::query(
                "UPDATE outbox SET claimed_until = $1 \
                 WHERE id IN (SELECT id FROM outbox WHERE sent_at IS NULL \
                 AND attempts < $4 AND (claimed_until IS NULL OR claimed_until <= $2) \
                 AND (not_before IS NULL OR not_before <= $2) \
                 ORDER BY id LIMIT $3) \
                 AND sent_at IS NULL AND (claimed_until IS NULL OR claimed_until <= $2) \
                 RETURNING id, recipient, subject, body, attempts, attachment_name, \
                 attachment_type, attachment",
            )
            .bind(crate::store::time::DbTime(lease_until))
            .bind(crate::store::time::DbTime(now))
            .bind(i64::from(limit))
            .bind(domain::accounts::MAX_DELIVERY_ATTEMPTS)
            .fetch_all(pool)
            .await?;
            let mut mail = rows
                .iter()
                .map(|row| {
                    Ok(domain::accounts::PendingMail {
                        id: column(row, "id")?,
                        to: column(row, "recipient")?,
                        subject: column(row, "subject")?,
                        body: column(row, "body")?,
                        attachment: crate::store::accounts::attachment(row)?,
                        attempts: i64::from(column::<_, i32>(row, "attempts")?),
                    })
                })
                .collect::<Result<Vec<_>, domain::store::StoreError>>()?;
            mail.sort_by_key(|m| m.id);
            Ok(mail)
        })
    }

    async fn mark_mail_sent(
        &self,
        id: i64,
        at: jiff::Timestamp,
    ) -> Result<(), domain::store::StoreError> {
        on_pool!(self, |pool| {
            // Delivered mail no longer needs its body, which may hold a live link.
            sqlx::query("UPDATE outbox SET sent_at = $1, body = '' WHERE id = $2")
                .bind(crate::store::time::DbTime(at))
                .bind(id)
                .execute(pool)
                .await?;
            Ok(())
        })
    }

    async fn mark_mail_failed(
        &self,
        id: i64,
        retry_at: jiff::Timestamp,
    ) -> Result<i64, domain::store::StoreError> {
        on_pool!(self, |pool| {
            sqlx::query_scalar::<_, i32>(
                "UPDATE outbox SET attempts = attempts + 1, claimed_until = $1 WHERE id = $2 \
                 RETURNING attempts",
            )
            .bind(crate::store::time::DbTime(retry_at))
            .bind(id)
            .fetch_one(pool)
            .await
            .map(i64::from)
            .map_err(Into::into)
        })
    }
}

#[async_trait::async_trait]
impl Throttle for SqlStore {
    async fn record_login_failure(
        &self,
        keys: &[String],
        at: jiff::Timestamp,
        forget_before: jiff::Timestamp,
    ) -> Result<(), domain::store::StoreError> {
        on_pool!(self, |pool| {
            let mut tx = pool.begin().await?;
            for key in keys {
                sqlx::query("DELETE FROM login_failures WHERE key = $1 AND at < $2")
                    .bind(key)
                    .bind(crate::store::time::DbTime(forget_before))
                    .execute(&mut *tx)
                    .await?;
                sqlx::query("INSERT INTO login_failures (key, at) VALUES ($1, $2)")
                    .bind(key)
                    .bind(crate::store::time::DbTime(at))
                    .execute(&mut *tx)
                    .await?;
            }
            Ok(tx.commit().await?)
        })
    }

    async fn login_failures_since(
        &self,
        key: &str,
        since: jiff::Timestamp,
    ) -> Result<u32, domain::store::StoreError> {
        on_pool!(self, |pool| {
            let count: i64 = sqlx::query_scalar(
                "SELECT count(*) FROM login_failures WHERE key = $1 AND at >= $2",
            )
            .bind(key)
            .bind(crate::store::time::DbTime(since))
            .fetch_one(pool)
            .await?;
            Ok(u32::try_from(count).unwrap_or(u32::MAX))
        })
    }

    async fn forget_login_failure(
        &self,
        key: &str,
        at: jiff::Timestamp,
    ) -> Result<(), domain::store::StoreError> {
        on_pool!(self, |pool| {
            sqlx::query("DELETE FROM login_failures WHERE key = $1 AND at = $2")
                .bind(key)
                .bind(crate::store::time::DbTime(at))
                .execute(pool)
                .await?;
            Ok(())
        })
    }

    async fn clear_login_failures(&self, key: &str) -> Result<(), domain::store::StoreError> {
        on_pool!(self, |pool| {
            sqlx::query("DELETE FROM login_failures WHERE key = $1")
                .bind(key)
                .execute(pool)
                .await?;
            Ok(())
        })
    }
}

#[async_trait::async_trait]
impl SessionStore for SqlStore {
    async fn insert_session(
        &self,
        id: &str,
        data: &str,
        expires_at: jiff::Timestamp,
    ) -> Result<bool, domain::store::StoreError> {
        on_pool!(self, |pool| {
            let inserted = sqlx::query(
                "INSERT INTO sessions (id, data, expires_at) VALUES ($1, $2, $3) \
                 ON CONFLICT (id) DO NOTHING",
            )
            .bind(id)
            .bind(data)
            .bind(crate::store::time::DbTime(expires_at))
            .execute(pool)
            .await?;
            Ok(inserted.rows_affected() == 1)
        })
    }

    async fn save_session(
        &self,
        id: &str,
        data: &str,
        expires_at: jiff::Timestamp,
    ) -> Result<(), domain::store::StoreError> {
        on_pool!(self, |pool| {
            sqlx::query(
                "INSERT INTO sessions (id, data, expires_at) VALUES ($1, $2, $3) \
                 ON CONFLICT (id) DO UPDATE SET data = excluded.data, \
                 expires_at = excluded.expires_at",
            )
            .bind(id)
            .bind(data)
            .bind(crate::store::time::DbTime(expires_at))
            .execute(pool)
            .await?;
            Ok(())
        })
    }

    async fn load_session(
        &self,
        id: &str,
        now: jiff::Timestamp,
    ) -> Result<Option<String>, domain::store::StoreError> {
        on_pool!(self, |pool| {
            sqlx::query_scalar("SELECT data FROM sessions WHERE id = $1 AND expires_at > $2")
                .bind(id)
                .bind(crate::store::time::DbTime(now))
                .fetch_optional(pool)
                .await
                .map_err(Into::into)
        })
    }

    async fn delete_session(&self, id: &str) -> Result<(), domain::store::StoreError> {
        on_pool!(self, |pool| {
            sqlx::query("DELETE FROM sessions WHERE id = $1")
                .bind(id)
                .execute(pool)
                .await?;
            Ok(())
        })
    }

    async fn delete_expired_sessions(
        &self,
        now: jiff::Timestamp,
    ) -> Result<u64, domain::store::StoreError> {
        on_pool!(self, |pool| {
            sqlx::query("DELETE FROM sessions WHERE expires_at <= $1")
                .bind(crate::store::time::DbTime(now))
                .execute(pool)
                .await
                .map(|done| done.rows_affected())
                .map_err(Into::into)
        })
    }
}
