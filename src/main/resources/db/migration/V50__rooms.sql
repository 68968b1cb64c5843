-- Watch-party rooms (issue 10): rooms, members with roles, the shared queue, the room's event
-- log (its stream room.<id>), and the video positions of chat messages. Portable SQL for SQLite
-- and PostgreSQL. The playback snapshot is JSON written by the rooms feature (playback.PlaybackState).

CREATE TABLE rooms (
    id              VARCHAR(26)  PRIMARY KEY,
    name            VARCHAR(100) NOT NULL,
    message         VARCHAR(2000) NOT NULL,          -- shown on the join page (<= 500 code points)
    control_policy  VARCHAR(12)  NOT NULL,           -- 'everyone' | 'host' | 'controllers'
    wait_policy     VARCHAR(12)  NOT NULL,           -- 'wait' | 'continue'
    max_members     INTEGER      NOT NULL,
    auto_advance    INTEGER      NOT NULL,           -- 1: play the next queue item at the end
    join_token      VARCHAR(43)  NOT NULL UNIQUE,    -- the secret of the join link; regenerating replaces it
    join_expires_at BIGINT,                          -- NULL: the link does not expire
    conversation_id VARCHAR(26),                     -- the room's chat (conversations feature)
    playback        TEXT         NOT NULL,           -- the authoritative playback state, as JSON
    created_by      VARCHAR(26)  NOT NULL REFERENCES users(id),
    created_at      BIGINT       NOT NULL,
    active_at       BIGINT       NOT NULL,           -- newest activity: orders "my rooms"
    -- The seq of the newest room event; bumped in the same transaction as the event's insert.
    last_seq        BIGINT       NOT NULL DEFAULT 0
);

CREATE TABLE room_members (
    room_id         VARCHAR(26)  NOT NULL REFERENCES rooms(id) ON DELETE CASCADE,
    user_id         VARCHAR(26)  NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    role            VARCHAR(12)  NOT NULL,           -- 'host' | 'controller' | 'member'
    joined_at       BIGINT       NOT NULL,
    PRIMARY KEY (room_id, user_id)
);
CREATE INDEX room_members_user ON room_members(user_id);

CREATE TABLE room_queue (
    id              VARCHAR(26)  PRIMARY KEY,
    room_id         VARCHAR(26)  NOT NULL REFERENCES rooms(id) ON DELETE CASCADE,
    ord             INTEGER      NOT NULL,           -- play order, 0-based, rewritten on reorder
    kind            VARCHAR(10)  NOT NULL,           -- 'url' | 'youtube' | 'media'
    source          VARCHAR(2048) NOT NULL,          -- the URL, the YouTube video id, or the media id
    title           VARCHAR(200) NOT NULL,
    duration        DOUBLE PRECISION,                -- seconds, once a player reported it
    added_by        VARCHAR(26)  NOT NULL REFERENCES users(id),
    added_at        BIGINT       NOT NULL
);
CREATE INDEX room_queue_room ON room_queue(room_id, ord);

CREATE TABLE room_events (
    room_id         VARCHAR(26)  NOT NULL REFERENCES rooms(id) ON DELETE CASCADE,
    seq             BIGINT       NOT NULL,
    frame           TEXT         NOT NULL,           -- the encoded event frame, replayed as is on resume
    created_at      BIGINT       NOT NULL,
    PRIMARY KEY (room_id, seq)
);

CREATE TABLE room_chat_positions (
    message_id      VARCHAR(26)  PRIMARY KEY,
    room_id         VARCHAR(26)  NOT NULL REFERENCES rooms(id) ON DELETE CASCADE,
    item_id         VARCHAR(26),
    position        DOUBLE PRECISION NOT NULL,       -- seconds into item_id when the message was written
    created_at      BIGINT       NOT NULL
);
CREATE INDEX room_chat_positions_room ON room_chat_positions(room_id, created_at);
