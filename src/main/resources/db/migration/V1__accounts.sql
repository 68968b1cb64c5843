-- Accounts, sessions (refresh-token families) and the activity log.
-- Portable SQL: the same file runs on SQLite and PostgreSQL. Ids are application-generated
-- text; times are epoch milliseconds in BIGINT.

CREATE TABLE users (
    id              VARCHAR(26)  PRIMARY KEY,
    username        VARCHAR(32)  NOT NULL,
    username_key    VARCHAR(32)  NOT NULL UNIQUE,
    email           VARCHAR(254) NOT NULL,
    email_key       VARCHAR(254) NOT NULL UNIQUE,
    full_name       VARCHAR(100) NOT NULL,
    avatar_url      VARCHAR(2048),
    bio             VARCHAR(500),
    password_hash   VARCHAR(255) NOT NULL,
    created_at      BIGINT       NOT NULL,
    updated_at      BIGINT       NOT NULL
);

-- A session is one sign-in and every refresh token descended from it (a token family, RFC 9700 §4.14.2).
CREATE TABLE sessions (
    id              VARCHAR(26)  PRIMARY KEY,
    user_id         VARCHAR(26)  NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    device          VARCHAR(200) NOT NULL,
    ip              VARCHAR(64),
    created_at      BIGINT       NOT NULL,
    last_used_at    BIGINT       NOT NULL,
    expires_at      BIGINT       NOT NULL,
    revoked_at      BIGINT,
    revoke_reason   VARCHAR(40)
);
CREATE INDEX sessions_user ON sessions(user_id, created_at);

-- Only SHA-256 hashes of refresh tokens are stored. rotated_at marks a token already exchanged:
-- presenting it again is re-use, and revokes the whole session.
CREATE TABLE refresh_tokens (
    token_hash      VARCHAR(64)  PRIMARY KEY,
    session_id      VARCHAR(26)  NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
    created_at      BIGINT       NOT NULL,
    rotated_at      BIGINT
);
CREATE INDEX refresh_tokens_session ON refresh_tokens(session_id);

CREATE TABLE activity (
    id              VARCHAR(26)  PRIMARY KEY,
    user_id         VARCHAR(26)  NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    kind            VARCHAR(60)  NOT NULL,
    detail          VARCHAR(2000),
    ip              VARCHAR(64),
    created_at      BIGINT       NOT NULL
);
CREATE INDEX activity_user ON activity(user_id, id);
