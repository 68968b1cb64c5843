-- Media objects (issue 6). The bytes live in the media store (a folder or an S3 bucket) under
-- incoming/<id> until checked, then objects/<id> and objects/<id>.thumb; this table is the truth
-- about what exists, who owns it and what it is attached to.
-- state: pending (upload URL issued) | processing (being checked) | ready | deleting (objects being removed).
CREATE TABLE media (
    id              VARCHAR(26)  PRIMARY KEY,
    owner_id        VARCHAR(26)  NOT NULL REFERENCES users(id),
    state           VARCHAR(12)  NOT NULL,
    purpose         VARCHAR(16)  NOT NULL,
    file_name       VARCHAR(255) NOT NULL,
    content_type    VARCHAR(100) NOT NULL,
    declared_size   BIGINT       NOT NULL,
    size            BIGINT,
    width           INTEGER,
    height          INTEGER,
    thumb_type      VARCHAR(100),
    animated        BOOLEAN      NOT NULL DEFAULT FALSE,
    parent_type     VARCHAR(32),
    parent_id       VARCHAR(64),
    created_at      BIGINT       NOT NULL,
    expires_at      BIGINT       NOT NULL,
    completed_at    BIGINT
);
CREATE INDEX media_owner ON media(owner_id, state);
CREATE INDEX media_parent ON media(parent_type, parent_id);
CREATE INDEX media_state_expiry ON media(state, expires_at);
