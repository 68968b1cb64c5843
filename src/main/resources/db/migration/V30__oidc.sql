-- Sign-in through OpenID Connect / OAuth 2.0 providers (package io.juntos.oidc).
-- Portable SQL: the same file runs on SQLite and PostgreSQL.

-- A provider account linked to a Juntos account. One provider account belongs to at most one
-- Juntos account, and a Juntos account links at most one account per provider.
CREATE TABLE user_identities (
    provider        VARCHAR(40)  NOT NULL,
    subject         VARCHAR(255) NOT NULL,
    user_id         VARCHAR(26)  NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    email           VARCHAR(254),
    linked_at       BIGINT       NOT NULL,
    PRIMARY KEY (provider, subject),
    UNIQUE (user_id, provider)
);

-- A sign-in or link in progress: what the callback must match (state, the browser's binding
-- cookie, nonce, PKCE verifier). Single use (used_at), short-lived (expires_at). After a first
-- sign-in whose proposed username is taken, the row keeps the verified profile (pending_*) until
-- the person chooses a username.
CREATE TABLE oidc_flows (
    state           VARCHAR(64)  PRIMARY KEY,
    binding_hash    VARCHAR(64)  NOT NULL,
    provider        VARCHAR(40)  NOT NULL,
    purpose         VARCHAR(10)  NOT NULL,
    user_id         VARCHAR(26)  REFERENCES users(id) ON DELETE CASCADE,
    nonce           VARCHAR(64)  NOT NULL,
    verifier        VARCHAR(128) NOT NULL,
    created_at      BIGINT       NOT NULL,
    expires_at      BIGINT       NOT NULL,
    used_at         BIGINT,
    pending_subject VARCHAR(255),
    pending_email   VARCHAR(254),
    pending_name    VARCHAR(100),
    pending_username VARCHAR(32)
);
CREATE INDEX oidc_flows_binding ON oidc_flows(binding_hash);
CREATE INDEX oidc_flows_expiry ON oidc_flows(expires_at);
