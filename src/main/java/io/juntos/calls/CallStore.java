package io.juntos.calls;

import org.jdbi.v3.core.Handle;

/** SQL for the calls' history (V80__calls.sql). Every method runs on the caller's handle. */
final class CallStore {

    void started(Handle h, CallView c) {
        h.createUpdate("INSERT INTO calls (id, scope_kind, scope_id, started_by, video, started_at) VALUES (:id, :kind, :scope, :by, :video, :at)")
                .bind("id", c.id()).bind("kind", c.scope().kind().wire).bind("scope", c.scope().id()).bind("by", c.startedBy())
                .bind("video", c.video() ? 1 : 0).bind("at", c.startedAt()).execute();
    }

    void answered(Handle h, String callId, long at) {
        h.createUpdate("UPDATE calls SET answered_at = :at WHERE id = :id AND answered_at IS NULL").bind("id", callId).bind("at", at).execute();
    }

    void ended(Handle h, CallEnd e, long at) {
        h.createUpdate("UPDATE calls SET ended_at = :at, outcome = :outcome, duration_ms = :d WHERE id = :id AND ended_at IS NULL")
                .bind("id", e.call().id()).bind("at", at).bind("outcome", e.reason().wire).bind("d", e.durationMs()).execute();
    }
}
