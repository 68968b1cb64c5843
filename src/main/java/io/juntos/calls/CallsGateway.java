package io.juntos.calls;

import io.juntos.FeatureContext;
import io.juntos.http.ApiException;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code call.*} frames (docs/protocol.md §9). Lifecycle requests are answered with the call;
 * signals ({@code call.offer}, {@code call.answer}, {@code call.ice}) go to the one connection
 * named in {@code to}, and only between participants of the same call. {@code call.ice} draws
 * from the gateway's separate {@code signal} rate bucket (candidates come in bursts).
 */
final class CallsGateway {
    /** An SDP is a few KiB; a frame is at most 64 KiB by default. */
    static final int MAX_SDP_CHARS = 32 * 1024;

    private final Calls calls;
    private final CallScopes scopes;

    CallsGateway(Calls calls, CallScopes scopes) {
        this.calls = calls;
        this.scopes = scopes;
    }

    record ScopeRef(String scope, String id) {
    }

    record Start(String scope, String id, Boolean audio, Boolean video) {
    }

    record Join(String callId, Boolean audio, Boolean video) {
    }

    record CallRef(String callId) {
    }

    record Media(String callId, Boolean audio, Boolean video, Boolean screen) {
    }

    record Description(String callId, String to, String sdp) {
    }

    /** {@code RTCIceCandidate.toJSON()}; a null {@code candidate} field is end-of-candidates. */
    record Candidate(String candidate, String sdpMid, Integer sdpMLineIndex, String usernameFragment) {
    }

    record Ice(String callId, String to, Candidate candidate) {
    }

    void register(FeatureContext ctx) {
        var family = ctx.frames("call.");
        family.on("call.get", ScopeRef.class, (c, r) -> {
            Map<String, Object> out = new HashMap<>();
            out.put("call", calls.current(c.userId(), scopes.parse(r.scope(), r.id())));
            return out;
        });
        family.on("call.start", Start.class, (c, r) -> calls.start(c, scopes.parse(r.scope(), r.id()), on(r.audio(), true), on(r.video(), false)));
        family.on("call.join", Join.class, (c, r) -> calls.join(c, r.callId(), on(r.audio(), true), on(r.video(), false)));
        family.on("call.decline", CallRef.class, (c, r) -> {
            calls.decline(c, r.callId());
            return Map.of();
        });
        family.on("call.leave", CallRef.class, (c, r) -> {
            calls.leave(c, r.callId());
            return Map.of();
        });
        family.on("call.end", CallRef.class, (c, r) -> {
            calls.end(c, r.callId());
            return Map.of();
        });
        family.on("call.media", Media.class, (c, r) -> {
            calls.media(c, r.callId(), on(r.audio(), true), on(r.video(), false), on(r.screen(), false));
            return Map.of();
        });
        family.on("call.offer", Description.class, (c, r) -> signal(c, "call.offer", r));
        family.on("call.answer", Description.class, (c, r) -> signal(c, "call.answer", r));
        family.on("call.ice", Ice.class, (c, r) -> {
            Map<String, Object> payload = new LinkedHashMap<>();
            payload.put("candidate", r.candidate() == null ? null : candidate(r.candidate()));
            calls.signal(c, "call.ice", r.callId(), r.to(), payload);
            return Map.of();
        });
    }

    private Object signal(io.juntos.gateway.Caller c, String type, Description r) {
        if (r.sdp() == null || r.sdp().isBlank()) throw ApiException.invalid("sdp", "required", "The session description (SDP).");
        if (r.sdp().length() > MAX_SDP_CHARS) throw ApiException.invalid("sdp", "too_long", "At most " + MAX_SDP_CHARS + " characters.");
        calls.signal(c, type, r.callId(), r.to(), Map.of("sdp", r.sdp()));
        return Map.of();
    }

    private static Map<String, Object> candidate(Candidate k) {
        if (k.candidate() != null && k.candidate().length() > 1024) throw ApiException.invalid("candidate", "too_long", "At most 1024 characters.");
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("candidate", k.candidate());
        m.put("sdpMid", k.sdpMid());
        m.put("sdpMLineIndex", k.sdpMLineIndex());
        m.put("usernameFragment", k.usernameFragment());
        return m;
    }

    private static boolean on(Boolean b, boolean fallback) {
        return b == null ? fallback : b;
    }
}
