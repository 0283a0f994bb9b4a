-- Accounts, their single-use emailed links, the mail outbox, failed sign-ins
-- (for throttling across app servers), and sessions.

CREATE TABLE accounts (
    id                BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    email             TEXT NOT NULL CONSTRAINT accounts_email_key UNIQUE,
    display_name      TEXT NOT NULL,
    password_hash     TEXT NOT NULL,
    role              TEXT NOT NULL CHECK (role IN ('buyer', 'maker', 'operator')),
    email_verified_at TIMESTAMPTZ,
    session_epoch     BIGINT NOT NULL DEFAULT 0,
    created_at        TIMESTAMPTZ NOT NULL
);

CREATE TABLE account_tokens (
    digest     TEXT PRIMARY KEY,
    account_id BIGINT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    purpose    TEXT NOT NULL CHECK (purpose IN ('verify-email', 'reset-password')),
    expires_at TIMESTAMPTZ NOT NULL
);

CREATE TABLE outbox (
    id         BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    recipient  TEXT NOT NULL,
    subject    TEXT NOT NULL,
    body       TEXT NOT NULL,
    created_at TIMESTAMPTZ NOT NULL,
    sent_at    TIMESTAMPTZ
);

CREATE TABLE login_failures (
    key TEXT NOT NULL,
    at  TIMESTAMPTZ NOT NULL
);

CREATE INDEX login_failures_by_key ON login_failures (key, at);

CREATE TABLE sessions (
    id         TEXT PRIMARY KEY,
    data       TEXT NOT NULL,
    expires_at TIMESTAMPTZ NOT NULL
);

CREATE INDEX sessions_by_expiry ON sessions (expires_at);
