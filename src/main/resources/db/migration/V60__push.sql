-- push (issue 14): Web Push subscriptions (one per device: the push service's endpoint is unique),
-- per-user settings and per-scope mutes. A scope is a stream name such as 'conv.<id>', so calls,
-- rooms and lists can be muted the same way without new tables.
CREATE TABLE push_subscriptions (
    id              VARCHAR(26)   PRIMARY KEY,
    user_id         VARCHAR(26)   NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    endpoint        VARCHAR(2048) NOT NULL UNIQUE,
    p256dh          VARCHAR(100)  NOT NULL,
    auth            VARCHAR(40)   NOT NULL,
    label           VARCHAR(100),
    created_at      BIGINT        NOT NULL,
    last_success_at BIGINT,
    failures        INTEGER       NOT NULL DEFAULT 0
);
CREATE INDEX push_subscriptions_user ON push_subscriptions(user_id);

CREATE TABLE push_settings (
    user_id         VARCHAR(26)   PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
    hide_text       INTEGER       NOT NULL DEFAULT 0
);

CREATE TABLE push_mutes (
    user_id         VARCHAR(26)   NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    scope           VARCHAR(64)   NOT NULL,
    created_at      BIGINT        NOT NULL,
    PRIMARY KEY (user_id, scope)
);
