package io.juntos.calls;

import io.juntos.Feature;
import io.juntos.FeatureContext;
import io.juntos.Platform;
import io.juntos.conversations.ConversationsFeature;
import io.juntos.push.PushFeature;
import io.juntos.rooms.RoomsFeature;

/**
 * Audio and video calls (issue 11) in conversations and rooms: the {@code call.*} frames
 * ({@link CallsGateway}), the ICE configuration with short-lived TURN credentials
 * ({@code GET /api/calls/ice}, openapi/calls.json), and the ticker for ringing and dropped
 * devices. Media flows browser to browser (a mesh); the server only signals.
 */
public final class CallsFeature implements Feature {
    private final Platform platform;
    private final ConversationsFeature conversations;
    private final RoomsFeature rooms;
    private final PushFeature push;

    /** Membership comes from conversations and rooms; incoming calls wake devices through push. */
    public CallsFeature(Platform p, ConversationsFeature conversations, RoomsFeature rooms, PushFeature push) {
        this.platform = p;
        this.conversations = conversations;
        this.rooms = rooms;
        this.push = push;
    }

    @Override
    public void install(FeatureContext ctx) {
        Platform p = platform;
        var cfg = CallsConfig.from(p.env());
        ctx.limits(cfg);
        var scopes = new CallScopes(conversations.reader(), rooms.members());
        var book = new CallBook(cfg.limits(), p.clock());
        var calls = new Calls(book, scopes, new CallStore(), new CallJson(p.users(), cfg.limits()), p.db().jdbi(), ctx.gateway(),
                conversations.chats(), p.activity(), push.notifier(), p.users(), p.clock());
        new CallsGateway(calls, scopes).register(ctx);
        ctx.gateway().onAuthenticated(calls::connectionReady);
        ctx.gateway().onClosed(c -> calls.connectionClosed(c.connectionId()));
        var ticker = new CallTicker(calls);
        ctx.onStop(ticker::close);
        var ice = new IceServers(cfg, p.clock());
        var auth = p.authenticator();
        ctx.routes(r -> r.get("/api/calls/ice", c -> c.header("Cache-Control", "no-store").json(ice.forUser(auth.require(c).userId()))));
        ctx.openApi("openapi/calls.json");
    }
}
