-- Conversations (direct and group), members with their receipt markers, messages and reactions.
-- Portable SQL for SQLite and PostgreSQL. Full-text search structures differ by engine and are
-- created from Java at start (conversations.SearchIndex), not here.

CREATE TABLE conversations (
    id              VARCHAR(26)  PRIMARY KEY,
    kind            VARCHAR(10)  NOT NULL,           -- 'direct' | 'group'
    name            VARCHAR(100),                    -- groups only
    direct_key      VARCHAR(53)  UNIQUE,             -- direct only: "<smaller user id>:<larger user id>"
    join_code       VARCHAR(16)  UNIQUE,             -- groups only (seed 002)
    invite_token    VARCHAR(43)  UNIQUE,             -- groups only: the secret of the invite link
    created_by      VARCHAR(26)  NOT NULL REFERENCES users(id),
    created_at      BIGINT       NOT NULL,
    updated_at      BIGINT       NOT NULL,
    -- The sequence number of the newest message; bumped in the same transaction as the insert.
    last_seq        BIGINT       NOT NULL DEFAULT 0
);

CREATE TABLE conversation_members (
    conversation_id VARCHAR(26)  NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
    user_id         VARCHAR(26)  NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    role            VARCHAR(10)  NOT NULL,           -- 'owner' | 'admin' | 'member'
    joined_at       BIGINT       NOT NULL,
    delivered_seq   BIGINT       NOT NULL DEFAULT 0, -- a device of this member stored messages up to here
    read_seq        BIGINT       NOT NULL DEFAULT 0, -- this member read up to here
    PRIMARY KEY (conversation_id, user_id)
);
CREATE INDEX conversation_members_user ON conversation_members(user_id);

CREATE TABLE messages (
    id              VARCHAR(26)  PRIMARY KEY,
    conversation_id VARCHAR(26)  NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
    seq             BIGINT       NOT NULL,
    sender_id       VARCHAR(26)  NOT NULL REFERENCES users(id),
    client_msg_id   VARCHAR(64)  NOT NULL,
    kind            VARCHAR(16)  NOT NULL,           -- 'text' now; media adds its own kinds
    body            TEXT,                            -- NULL once deleted for everyone
    reply_to_id     VARCHAR(26),
    created_at      BIGINT       NOT NULL,
    edited_at       BIGINT,
    deleted_at      BIGINT,
    updated_at      BIGINT       NOT NULL,           -- any change (edit, delete, reaction): drives resume "since"
    UNIQUE (conversation_id, seq),
    -- The client's own id makes sending idempotent: a retry finds the original row.
    UNIQUE (conversation_id, sender_id, client_msg_id)
);
CREATE INDEX messages_updated ON messages(conversation_id, updated_at);

CREATE TABLE message_reactions (
    message_id      VARCHAR(26)  NOT NULL REFERENCES messages(id) ON DELETE CASCADE,
    user_id         VARCHAR(26)  NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    emoji           VARCHAR(64)  NOT NULL,
    created_at      BIGINT       NOT NULL,
    PRIMARY KEY (message_id, user_id, emoji)
);

-- Presence across nodes: the number of open sockets per user, and when the last one closed.
CREATE TABLE presence (
    user_id         VARCHAR(26)  PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
    connections     INTEGER      NOT NULL,
    last_seen_at    BIGINT       NOT NULL
);
