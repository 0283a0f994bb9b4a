-- Accounts, their single-use emailed links, the mail outbox, failed sign-ins
-- (for throttling across app servers), and sessions.

CREATE TABLE accounts (
    id                INTEGER PRIMARY KEY,
    email             TEXT NOT NULL UNIQUE,
    display_name      TEXT NOT NULL,
    password_hash     TEXT NOT NULL,
    role              TEXT NOT NULL CHECK (role IN ('buyer', 'maker', 'operator')),
    email_verified_at INTEGER,
    session_epoch     INTEGER NOT NULL DEFAULT 0,
    created_at        INTEGER NOT NULL
) STRICT;

CREATE TABLE account_tokens (
    digest     TEXT PRIMARY KEY,
    account_id INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    purpose    TEXT NOT NULL CHECK (purpose IN ('verify-email', 'reset-password')),
    expires_at INTEGER NOT NULL
) STRICT;

CREATE TABLE outbox (
    id         INTEGER PRIMARY KEY,
    recipient  TEXT NOT NULL,
    subject    TEXT NOT NULL,
    body       TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    sent_at    INTEGER
) STRICT;

CREATE TABLE login_failures (
    key TEXT NOT NULL,
    at  INTEGER NOT NULL
) STRICT;

CREATE INDEX login_failures_by_key ON login_failures (key, at);

CREATE TABLE sessions (
    id         TEXT PRIMARY KEY,
    data       TEXT NOT NULL,
    expires_at INTEGER NOT NULL
) STRICT;

CREATE INDEX sessions_by_expiry ON sessions (expires_at);
