-- Todo lists (issue 17): lists with a soft-delete (trash), members with roles, invite links, and
-- each list's CRDT document: a snapshot (format L1, docs/crdt.md "Lists") plus the log of updates
-- accepted after it, which is also the list's stream list.<id>. Portable SQL for SQLite and
-- PostgreSQL: BYTEA is PostgreSQL's binary type, and SQLite stores the bytes it is given as a BLOB
-- under any declared type.

CREATE TABLE lists (
    id              VARCHAR(26)  PRIMARY KEY,
    name            VARCHAR(400) NOT NULL,           -- 1..100 code points
    owner_id        VARCHAR(26)  NOT NULL REFERENCES users(id),
    created_at      BIGINT       NOT NULL,
    updated_at      BIGINT       NOT NULL,           -- newest change: orders "my lists"
    deleted_at      BIGINT,                          -- in the trash since; purged 30 days later
    -- The seq of the newest accepted update; bumped in the same transaction as its log insert.
    last_seq        BIGINT       NOT NULL DEFAULT 0,
    next_replica    INTEGER      NOT NULL DEFAULT 1, -- replica ids handed out, never reused
    snapshot        BYTEA,                           -- the document as of snapshot_seq (NULL: empty)
    snapshot_seq    BIGINT       NOT NULL DEFAULT 0,
    -- What "my lists" shows without loading documents; rewritten with each update that changes it.
    item_count      INTEGER      NOT NULL DEFAULT 0,
    done_count      INTEGER      NOT NULL DEFAULT 0,
    next_due        VARCHAR(40),                     -- the earliest due date of an open item (ISO date)
    due_dates       TEXT         NOT NULL DEFAULT '' -- the open items' due dates (ISO, sorted, comma-separated): overdue counts
);
CREATE INDEX lists_deleted ON lists(deleted_at);

CREATE TABLE list_members (
    list_id         VARCHAR(26)  NOT NULL REFERENCES lists(id) ON DELETE CASCADE,
    user_id         VARCHAR(26)  NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    role            VARCHAR(10)  NOT NULL,           -- 'owner' | 'editor' | 'viewer'
    added_at        BIGINT       NOT NULL,
    PRIMARY KEY (list_id, user_id)
);
CREATE INDEX list_members_user ON list_members(user_id);

CREATE TABLE list_updates (
    list_id         VARCHAR(26)  NOT NULL REFERENCES lists(id) ON DELETE CASCADE,
    seq             BIGINT       NOT NULL,
    update_bytes    BYTEA        NOT NULL,           -- one accepted update, format L1
    user_id         VARCHAR(26)  NOT NULL,
    replica         INTEGER      NOT NULL,
    created_at      BIGINT       NOT NULL,
    PRIMARY KEY (list_id, seq)
);

CREATE TABLE list_invites (
    id              VARCHAR(26)  PRIMARY KEY,
    list_id         VARCHAR(26)  NOT NULL REFERENCES lists(id) ON DELETE CASCADE,
    token           VARCHAR(43)  NOT NULL UNIQUE,    -- the secret of the link
    role            VARCHAR(10)  NOT NULL,           -- 'editor' | 'viewer'
    created_by      VARCHAR(26)  NOT NULL REFERENCES users(id),
    created_at      BIGINT       NOT NULL,
    expires_at      BIGINT,                          -- NULL: never
    revoked_at      BIGINT
);
CREATE INDEX list_invites_list ON list_invites(list_id);
