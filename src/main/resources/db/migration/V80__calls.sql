-- calls (issue 11): one row per call, written when it starts, answers and ends, so history and
-- the activity log survive a restart. Who is in a live call (devices, camera, microphone) is
-- ephemeral and lives in the node's memory (calls.CallBook); a node that stops ends its calls.
CREATE TABLE calls (
    id              VARCHAR(26)   PRIMARY KEY,
    scope_kind      VARCHAR(16)   NOT NULL,
    scope_id        VARCHAR(26)   NOT NULL,
    started_by      VARCHAR(26)   NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    video           INTEGER       NOT NULL DEFAULT 0,
    started_at      BIGINT        NOT NULL,
    answered_at     BIGINT,
    ended_at        BIGINT,
    outcome         VARCHAR(16),
    duration_ms     BIGINT
);
CREATE INDEX calls_scope ON calls(scope_kind, scope_id, started_at);
