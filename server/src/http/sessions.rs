//! Sessions kept in the database through the storage port, so any app server can
//! serve any request; and the app's session port on top of tower-sessions.

use app::accounts::{SessionPort, is_signed_in, signed_in_account, values_are_signed_in};
use app::store::Store;
use async_trait::async_trait;
use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::Response;
use services::ServiceError;
use std::sync::Arc;
use tower_sessions::cookie::SameSite;
use tower_sessions::session::{Id, Record};
use tower_sessions::session_store::{self, SessionStore};
use tower_sessions::{Expiry, Session, SessionManagerLayer};

/// A session unused for this long is gone; `ABSOLUTE_SESSION_SECONDS` bounds it
/// however active it is.
const IDLE_DAYS: i64 = 7;

/// A session nobody signed in on only carries a form's feedback to the next page,
/// and any stranger makes one by posting: kept this long, not for days.
const ANONYMOUS_IDLE_MINUTES: i64 = 15;

#[derive(Clone)]
pub struct DatabaseSessions(pub Arc<dyn Store>);

impl std::fmt::Debug for DatabaseSessions {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("DatabaseSessions")
    }
}

fn backend(error: impl std::fmt::Display) -> session_store::Error {
    session_store::Error::Backend(error.to_string())
}

/// When the stored session expires: as the cookie says for a signed-in session,
/// within minutes for any other.
fn expiry(record: &Record) -> Result<jiff::Timestamp, session_store::Error> {
    let expires = if values_are_signed_in(&record.data) {
        record.expiry_date
    } else {
        record
            .expiry_date
            .min(time::OffsetDateTime::now_utc() + time::Duration::minutes(ANONYMOUS_IDLE_MINUTES))
    };
    jiff::Timestamp::from_second(expires.unix_timestamp()).map_err(backend)
}

#[async_trait]
impl SessionStore for DatabaseSessions {
    async fn create(&self, record: &mut Record) -> session_store::Result<()> {
        let data = serde_json::to_string(&record.data)
            .map_err(|e| session_store::Error::Encode(e.to_string()))?;
        // Ids are 128 random bits; a collision is all but impossible, but never reused.
        while !self
            .0
            .insert_session(&record.id.to_string(), &data, expiry(record)?)
            .await
            .map_err(backend)?
        {
            record.id = Id::default();
        }
        Ok(())
    }

    async fn save(&self, record: &Record) -> session_store::Result<()> {
        let data = serde_json::to_string(&record.data)
            .map_err(|e| session_store::Error::Encode(e.to_string()))?;
        self.0
            .save_session(&record.id.to_string(), &data, expiry(record)?)
            .await
            .map_err(backend)
    }

    async fn load(&self, id: &Id) -> session_store::Result<Option<Record>> {
        let Some(data) = self
            .0
            .load_session(&id.to_string(), jiff::Timestamp::now())
            .await
            .map_err(backend)?
        else {
            return Ok(None);
        };
        let data =
            serde_json::from_str(&data).map_err(|e| session_store::Error::Decode(e.to_string()))?;
        Ok(Some(Record {
            id: *id,
            data,
            expiry_date: time::OffsetDateTime::now_utc() + time::Duration::days(IDLE_DAYS),
        }))
    }

    async fn delete(&self, id: &Id) -> session_store::Result<()> {
        self.0
            .delete_session(&id.to_string())
            .await
            .map_err(backend)
    }
}

/// The session cookie: `__Host-` prefixed and Secure on https (the prefix needs
/// both), HttpOnly and SameSite=Lax always.
pub fn layer(store: Arc<dyn Store>, https: bool) -> SessionManagerLayer<DatabaseSessions> {
    SessionManagerLayer::new(DatabaseSessions(store))
        .with_name(if https {
            "__Host-touchstone"
        } else {
            "touchstone"
        })
        .with_secure(https)
        .with_http_only(true)
        .with_same_site(SameSite::Lax)
        .with_path("/")
        .with_expiry(Expiry::OnInactivity(time::Duration::days(IDLE_DAYS)))
}

/// The app's view of this request's session.
pub struct SessionHandle(pub Session);

fn failed(error: impl std::fmt::Display) -> ServiceError {
    ServiceError::internal(format!("session: {error}"))
}

#[async_trait]
impl SessionPort for SessionHandle {
    async fn get_value(&self, key: &str) -> Result<Option<serde_json::Value>, ServiceError> {
        self.0.get_value(key).await.map_err(failed)
    }

    async fn set_value(&self, key: &str, value: serde_json::Value) -> Result<(), ServiceError> {
        self.0.insert_value(key, value).await.map_err(failed)?;
        // The browser forgets an anonymous session's cookie when the server forgets
        // the session, rather than presenting an unknown id for days.
        if !is_signed_in(self).await? {
            self.0
                .set_expiry(Some(Expiry::OnInactivity(time::Duration::minutes(
                    ANONYMOUS_IDLE_MINUTES,
                ))));
        }
        Ok(())
    }

    async fn remove_value(&self, key: &str) -> Result<(), ServiceError> {
        self.0.remove_value(key).await.map(|_| ()).map_err(failed)
    }

    async fn rotate_id(&self) -> Result<(), ServiceError> {
        self.0.cycle_id().await.map_err(failed)
    }

    async fn end(&self) -> Result<(), ServiceError> {
        self.0.flush().await.map_err(failed)
    }

    async fn is_stored(&self) -> Result<bool, ServiceError> {
        // Reading loads the session, which drops a cookie's id the store doesn't
        // know (expired, or made up).
        self.0.get_value("").await.map_err(failed)?;
        Ok(self.0.id().is_some())
    }
}

/// The commission whose page `path` is (`/commissions/{id}`).
/// The thread whose page this is: a commission's, or a booking's for either side.
fn thread_on_page(path: &str) -> Option<app::threads::Thread> {
    use app::threads::Thread;
    let number = |rest: &str| rest.parse::<i64>().ok();
    if let Some(rest) = path.strip_prefix("/commissions/") {
        return number(rest).map(|id| Thread::Commission(app::commissions::CommissionId(id)));
    }
    path.strip_prefix("/bookings/")
        .or_else(|| path.strip_prefix("/studio/bookings/"))
        .and_then(number)
        .map(|id| Thread::Booking(app::booking::BookingId(id)))
}

/// Looks up the signed-in person once per request, before rendering, and puts
/// them into the request for every page and server function to read.
pub async fn load_viewer(
    State(store): State<Arc<dyn Store>>,
    mut request: Request,
    next: Next,
) -> Response {
    let path = request.uri().path().to_owned();
    let static_file = ["/pkg/", "/media/", "/favicon"]
        .iter()
        .any(|prefix| path.starts_with(prefix));
    let session = (!static_file)
        .then(|| request.extensions().get::<Session>().cloned())
        .flatten();
    if let Some(session) = session {
        // A failure is logged where it happens; the page then shows "Sign in".
        if let Ok(Some(account)) = signed_in_account(
            &SessionHandle(session),
            store.as_ref(),
            jiff::Timestamp::now(),
        )
        .await
        {
            let mut viewer = account.viewer();
            // Every signed-in page's header counts them (but for the thread whose
            // page this is: showing it marks its messages read); a failure shows none.
            if request.method() == axum::http::Method::GET && !path.starts_with("/api/") {
                let reading = thread_on_page(&path);
                let unread = store
                    .unread_messages(account.id, reading)
                    .await
                    .unwrap_or_default();
                viewer.unread_messages = unread.commissions;
                viewer.unread_booking_messages = unread.bookings;
            }
            request.extensions_mut().insert(viewer);
        }
    }
    next.run(request).await
}
