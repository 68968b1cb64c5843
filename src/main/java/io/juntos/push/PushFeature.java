package io.juntos.push;

import com.interaso.webpush.VapidKeys;
import com.interaso.webpush.WebPush;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.juntos.Feature;
import io.juntos.FeatureContext;
import io.juntos.Platform;
import io.juntos.auth.Authenticator;
import io.juntos.conversations.ConversationReader;
import io.juntos.http.ApiException;
import io.juntos.http.Bodies;
import io.juntos.http.Checks;
import io.juntos.store.Ids;

import java.time.Clock;
import java.util.Base64;
import java.util.Map;

/**
 * Web Push (issue 14): device subscriptions, settings and mutes over REST (openapi/push.json),
 * the {@code push.visibility} frame, and the {@link Notifier} other features call. New messages
 * reach it through {@link ConversationReader#onMessageSent}.
 */
public final class PushFeature implements Feature {
    private final Platform platform;
    private final ConversationReader conversations;
    private final Authenticator auth;
    private final Bodies bodies;
    private final Clock clock;
    // Built in install: read-only after.
    private PushConfig cfg;
    private PushStore store;
    private volatile Push push;
    private String publicKey;

    record SubscribeBody(String endpoint, Keys keys, String label) {
        record Keys(String p256dh, String auth) {
        }
    }

    record SettingsBody(Boolean hideText) {
    }

    record VisibilityBody(Boolean visible) {
    }

    public PushFeature(Platform p, ConversationReader conversations) {
        this.platform = p;
        this.conversations = conversations;
        this.auth = p.authenticator();
        this.bodies = p.bodies();
        this.clock = p.clock();
    }

    @Override
    public void install(FeatureContext ctx) {
        Platform p = platform;
        this.cfg = PushConfig.from(p.env(), p.config().publicUrl());
        ctx.limits(cfg); // its toString never shows the private key
        VapidKeys keys = VapidKeyFile.load(cfg, p.config().dataDir());
        this.publicKey = Base64.getUrlEncoder().withoutPadding().encodeToString(keys.getApplicationServerKey());
        this.store = new PushStore(p.db().jdbi());
        var sender = new PushSender(cfg, new WebPush(cfg.subject(), keys), store, clock, p.metrics());
        ctx.onStop(sender::close);
        Visibility visibility = new Visibility();
        this.push = new Push(store, sender, visibility, p.json());
        conversations.onMessageSent(m -> push.messageSent(conversations, p.users(), m));
        var g = ctx.gateway();
        g.onAuthenticated(c -> visibility.opened(c.connectionId(), c.userId()));
        g.onClosed(c -> visibility.closed(c.connectionId()));
        ctx.frames("push.").on("push.visibility", VisibilityBody.class, (c, b) -> {
            if (b.visible() == null) throw ApiException.invalid("visible", "required", "true or false.");
            visibility.report(c.connectionId(), c.userId(), b.visible());
            return Map.of("visible", b.visible());
        });
        ctx.accounts().onDeletion(PushStore::eraseUser); // a deleted account gets no more notifications
        ctx.routes(this::routes);
        ctx.openApi("openapi/push.json");
    }

    /**
     * What other features call to push something to people who are not looking: room invites
     * (rooms), incoming calls and list assignments (their features), as {@link PushEvent} records.
     * <p>
     * How to use it: construct {@code PushFeature} before your feature in {@code Juntos.features}
     * and hand {@code push.notifier()} to your constructor (one line each). The notifier may be
     * taken before push is installed; events that arrive before install are dropped (there are no
     * requests then). Call {@code notifier.notify(new PushEvent.IncomingCall(conversationId,
     * callerName, recipientIds))} (or {@code RoomInvite}, {@code ListAssigned}) <em>after</em> your
     * transaction committed: it never blocks and never throws (the fan-out runs on push's own
     * bounded pool; a full queue drops the event with a counted warning). Push itself skips
     * recipients who have a visible tab open, who muted the event's scope ({@code conv.<id>},
     * {@code room.<id>}, {@code list.<id>}) or who have no device; it hides message and item text for
     * those who asked. Name only recipients who may see the thing (authorization stays yours), and
     * leave the sender out. A click on the notification opens {@link PushEvent.Payload#url()}: add a
     * case to {@link PushEvent#payload} for a new kind of event.
     */
    public Notifier notifier() {
        return event -> {
            Push installed = push;
            if (installed != null) installed.notify(event);
        };
    }

    private void routes(RoutesConfig r) {
        r.get("/api/push", ctx -> {
            me(ctx);
            ctx.json(Map.of("publicKey", publicKey, "hideText", store.hideText(me(ctx)), "mutes", store.mutes(me(ctx))));
        });
        r.put("/api/push/settings", ctx -> {
            SettingsBody b = bodies.read(ctx, SettingsBody.class);
            if (b.hideText() == null) throw ApiException.invalid("hideText", "required", "true or false.");
            store.setHideText(me(ctx), b.hideText());
            ctx.json(Map.of("hideText", b.hideText()));
        });
        r.get("/api/push/subscriptions", ctx -> ctx.json(Map.of("items", store.forUser(me(ctx)).stream().map(PushStore.Subscription::view).toList())));
        r.post("/api/push/subscriptions", this::subscribe);
        r.delete("/api/push/subscriptions/{id}", ctx -> {
            if (!store.delete(me(ctx), ctx.pathParam("id"))) throw PushException.subscriptionNotFound();
            ctx.status(204);
        });
        r.put("/api/push/mutes/{conversationId}", ctx -> mute(ctx, true));
        r.delete("/api/push/mutes/{conversationId}", ctx -> mute(ctx, false));
    }

    private void subscribe(Context ctx) {
        String me = me(ctx);
        SubscribeBody b = bodies.read(ctx, SubscribeBody.class);
        Checks checks = new Checks();
        if (checks.text("endpoint", b.endpoint(), 1, 2048)) {
            checks.check(Subscriptions.endpointAllowed(b.endpoint(), cfg.allowHttpEndpoints()), "endpoint", "invalid_url",
                    "Must be the https URL of a push service.");
        }
        checks.check(b.keys() != null && Subscriptions.isPublicKey(b.keys().p256dh()), "keys.p256dh", "invalid_format",
                "Must be a base64url P-256 public key (65 bytes).");
        checks.check(b.keys() != null && Subscriptions.isAuthSecret(b.keys().auth()), "keys.auth", "invalid_format",
                "Must be a base64url 16-byte secret.");
        checks.optionalText("label", b.label(), 0, 100);
        checks.throwIfAny();
        var saved = store.save(me, b.endpoint(), b.keys().p256dh(), b.keys().auth(), b.label(), clock.millis(), cfg.maxSubscriptionsPerUser());
        ctx.status(saved.created() ? 201 : 200).json(saved.subscription().view());
    }

    private void mute(Context ctx, boolean on) {
        String me = me(ctx);
        String conversationId = ctx.pathParam("conversationId");
        if (!Ids.isWellFormed(conversationId) || !conversations.isMember(conversationId, me)) throw ApiException.notFound("conversation");
        store.mute(me, "conv." + conversationId, on, clock.millis());
        ctx.json(Map.of("conversationId", conversationId, "muted", on));
    }

    private String me(Context ctx) {
        return auth.require(ctx).userId();
    }
}
