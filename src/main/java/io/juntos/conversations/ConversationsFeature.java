package io.juntos.conversations;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.juntos.Feature;
import io.juntos.FeatureContext;
import io.juntos.Platform;
import io.juntos.auth.Authenticator;
import io.juntos.media.MediaFeature;
import io.juntos.http.ApiException;
import io.juntos.limits.RateLimit;
import io.juntos.http.Bodies;
import io.juntos.http.ClientAddress;
import io.juntos.store.Ids;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Conversations, members and messages over REST ({@code /api/conversations/…}, documented in
 * openapi/conversations.json), plus their gateway frames ({@link ConversationsGateway}).
 */
public final class ConversationsFeature implements Feature {
    private static final int MAX_JOIN_FAILURES = 10;

    private final Platform platform;
    private final MediaFeature mediaFeature;
    private final org.jdbi.v3.core.Jdbi jdbi;
    private final Authenticator auth;
    private final Bodies bodies;
    private final ClientAddress clientAddress;
    private final ConversationStore store = new ConversationStore();
    private final ConversationReader reader;
    // Built in install, once media is: read-only after.
    private Conversations conversations;
    private Messages messages;
    private GroupChats chats;
    private MemberChoices choices;
    private SearchIndex search;
    private io.juntos.limits.Limiter createLimit;
    private MembershipCache members;
    private GroupCommit<SendWriter.Pending, SendWriter.Outcome> sends;
    /** Join codes are short: failed guesses per user are capped to make brute force pointless. */
    private final Cache<String, AtomicInteger> joinFailures = Caffeine.newBuilder().expireAfterWrite(Duration.ofMinutes(15)).maximumSize(100_000).build();

    public ConversationsFeature(Platform p, MediaFeature media) {
        this.platform = p;
        this.mediaFeature = media;
        this.jdbi = p.db().jdbi();
        this.auth = p.authenticator();
        this.bodies = p.bodies();
        this.clientAddress = p.clientAddress();
        // Built here, not in install, so features installed after this one can take it in their constructors.
        this.members = new MembershipCache(jdbi, store, p.bus());
        this.reader = new ConversationReader(jdbi, store, members);
    }

    @Override
    public void install(FeatureContext ctx) {
        Platform p = platform;
        var media = mediaFeature.media();
        var gateway = ctx.gateway();
        var messageStore = new MessageStore(media);
        // media: an attachment is readable by the members of its message's conversation while the message exists.
        media.registerParent(MessageStore.MEDIA_PARENT, (userId, messageId) -> jdbi.withHandle(h -> messageStore.readableBy(h, messageId, userId)));
        this.search = new SearchIndex(p.db().dialect());
        search.ensure(jdbi);
        var sendLimit = RateLimit.named(p.env(), "messages_per_user", 120, Duration.ofMinutes(1));
        var createPerUser = RateLimit.named(p.env(), "conversations_per_user", 60, Duration.ofHours(1));
        ctx.limits(java.util.List.of(sendLimit, createPerUser));
        this.createLimit = p.cluster().limiters().create(createPerUser); // shared by every node of a cluster
        // Group commit (docs/gateway.md, "The send path"): sends are written by GroupCommit's writers.
        var writer = new SendWriter(jdbi, p.db().dialect(), messageStore, media, gateway);
        this.sends = new GroupCommit<>("juntos-send-writer", writerStripes(p.db().dialect()), MAX_SEND_BATCH,
                (SendWriter.Pending s) -> s.request().conversationId().hashCode(), writer);
        ctx.onStop(() -> {
            sends.close();
            members.close();
        });
        this.messages = new Messages(jdbi, store, messageStore, search, gateway, media, p.clock(), members, sends, p.cluster().limiters().create(sendLimit), reader);
        this.conversations = new Conversations(jdbi, store, messageStore, p.users(), p.activity(), gateway, p.clock(), p.config().publicUrl(), members, p.cluster().presence());
        this.chats = new GroupChats(jdbi, store, new ConversationViews(jdbi, store, messageStore, p.users(), p.config().publicUrl(), p.cluster().presence()),
                messages, gateway, p.clock(), members);
        this.choices = new MemberChoices(jdbi, store, new ConversationViews(jdbi, store, messageStore, p.users(), p.config().publicUrl(),
                p.cluster().presence()), gateway, p.clock());
        p.users().onPublicChange(choices::publicChanged);
        var presence = new Presence(jdbi, store, gateway, p.clock(), p.cluster().presence(), p.clusterConfig().presenceRenewal());
        ctx.onStop(presence::close);
        new ConversationsGateway(gateway, messages, presence, store, jdbi).register(ctx);
        new AccountData(jdbi).register(ctx.accounts()); // who shares a conversation; what a deleted account leaves
        ctx.routes(this::routes);
        ctx.openApi("openapi/conversations.json");
    }

    /** Group chats owned by another feature (a room's chat); available once this feature is installed. */
    public GroupChats chats() {
        if (chats == null) throw new IllegalStateException("conversations not installed yet");
        return chats;
    }

    /** What other features may read of conversations (assist, push). */
    public ConversationReader reader() {
        return reader;
    }

    /** Sends committed together at most; beyond this a burst simply takes another commit. */
    static final int MAX_SEND_BATCH = 256;

    /**
     * Writer threads for sends. SQLite: one (it has one connection and one writer anyway).
     * PostgreSQL: two, each owning the conversations whose id hashes to it, so one conversation's
     * sends are always written in order by one thread, while another conversation's commit (an
     * fsync on the server) can overlap; more would only take pool connections from readers.
     */
    private static int writerStripes(io.juntos.store.Dialect dialect) {
        return dialect == io.juntos.store.Dialect.POSTGRES ? 2 : 1;
    }

    record SendBody(String clientMsgId, String text, String replyToId, java.util.List<String> attachments) {
    }

    record TextBody(String text) {
    }

    record ReceiptBody(String kind, Long seq) {
    }

    private void routes(RoutesConfig r) {
        String conv = "/api/conversations/{id}";
        String msg = conv + "/messages/{messageId}";
        r.get("/api/conversations", ctx -> ctx.json(conversations.list(me(ctx), ListCursor.parse(ctx.queryParam("cursor")), listLimit(ctx))));
        r.post("/api/conversations/groups", ctx -> {
            String userId = me(ctx);
            createLimit.check(userId);
            ctx.status(201).json(conversations.createGroup(userId, bodies.read(ctx, Conversations.GroupRequest.class), clientAddress.of(ctx)));
        });
        r.post("/api/conversations/direct", ctx -> {
            createLimit.check(me(ctx));
            var opened = conversations.openDirect(me(ctx), bodies.read(ctx, Conversations.DirectRequest.class));
            ctx.status(opened.created() ? 201 : 200).json(opened.conversation());
        });
        r.post("/api/conversations/join", this::join);
        r.get("/api/invites/{token}", ctx -> {
            me(ctx);
            ctx.json(conversations.invitePreview(ctx.pathParam("token")));
        });
        r.get(conv, ctx -> ctx.json(conversations.get(me(ctx), ctx.pathParam("id"))));
        r.put(conv, ctx -> ctx.json(conversations.rename(me(ctx), ctx.pathParam("id"), bodies.read(ctx, Conversations.RenameRequest.class))));
        r.post(conv + "/code", ctx -> ctx.json(conversations.newCode(me(ctx), ctx.pathParam("id"))));
        r.post(conv + "/leave", ctx -> {
            conversations.leave(me(ctx), ctx.pathParam("id"), clientAddress.of(ctx));
            ctx.status(204);
        });
        r.put(conv + "/archive", ctx -> ctx.json(choices.archive(me(ctx), ctx.pathParam("id"), true)));
        r.delete(conv + "/archive", ctx -> ctx.json(choices.archive(me(ctx), ctx.pathParam("id"), false)));
        r.get(conv + "/members", ctx -> ctx.json(Map.of("items", conversations.members(me(ctx), ctx.pathParam("id")))));
        r.put(conv + "/members/{userId}", ctx -> ctx.json(conversations.setRole(me(ctx), ctx.pathParam("id"), ctx.pathParam("userId"),
                bodies.read(ctx, Conversations.RoleRequest.class))));
        r.delete(conv + "/members/{userId}", ctx -> {
            conversations.remove(me(ctx), ctx.pathParam("id"), ctx.pathParam("userId"), clientAddress.of(ctx));
            ctx.status(204);
        });
        r.get(conv + "/messages", this::history);
        r.post(conv + "/messages", ctx -> {
            SendBody b = bodies.read(ctx, SendBody.class);
            var sent = messages.send(me(ctx), new Messages.SendRequest(ctx.pathParam("id"), b.clientMsgId(), b.text(), b.replyToId(), b.attachments()));
            ctx.status(sent.duplicate() ? 200 : 201).json(sent);
        });
        r.put(msg, ctx -> ctx.json(messages.edit(me(ctx),
                new Messages.EditRequest(ctx.pathParam("id"), ctx.pathParam("messageId"), bodies.read(ctx, TextBody.class).text()))));
        r.delete(msg, ctx -> ctx.json(messages.delete(me(ctx), new Messages.MessageRef(ctx.pathParam("id"), ctx.pathParam("messageId")))));
        r.put(msg + "/reactions/{emoji}", ctx -> ctx.json(messages.react(me(ctx), reaction(ctx), true)));
        r.delete(msg + "/reactions/{emoji}", ctx -> ctx.json(messages.react(me(ctx), reaction(ctx), false)));
        r.get(msg + "/receipts", ctx -> ctx.json(messages.receiptsOf(me(ctx), ctx.pathParam("id"), ctx.pathParam("messageId"))));
        r.post(conv + "/receipts", ctx -> {
            ReceiptBody b = bodies.read(ctx, ReceiptBody.class);
            ctx.json(messages.receipt(me(ctx), new Messages.ReceiptRequest(ctx.pathParam("id"), b.kind(), b.seq())));
        });
        r.get("/api/search/messages", this::search);
    }

    private String me(Context ctx) {
        return auth.require(ctx).userId();
    }

    private Messages.ReactionRequest reaction(Context ctx) {
        return new Messages.ReactionRequest(ctx.pathParam("id"), ctx.pathParam("messageId"), ctx.pathParam("emoji"));
    }

    private void join(Context ctx) {
        String userId = me(ctx);
        var body = bodies.read(ctx, Conversations.JoinRequest.class);
        AtomicInteger failures = joinFailures.get(userId, k -> new AtomicInteger());
        if (failures.get() >= MAX_JOIN_FAILURES) {
            throw ApiException.tooMany("too_many_join_attempts", "Too many wrong codes; try again later.", Duration.ofMinutes(15));
        }
        try {
            var joined = conversations.join(userId, body, clientAddress.of(ctx));
            ctx.status(joined.joined() ? 201 : 200).json(Map.of("conversation", joined.conversation(), "joined", joined.joined()));
        } catch (ApiException e) {
            if (e.status() == 404) failures.incrementAndGet();
            throw e;
        }
    }

    private void history(Context ctx) {
        Long before = seqParam(ctx, "before");
        Long after = seqParam(ctx, "after");
        if (before != null && after != null) throw ApiException.invalid("after", "conflict", "Give before or after, not both.");
        var page = messages.page(me(ctx), ctx.pathParam("id"), before, after, limit(ctx));
        ctx.json(page);
    }

    private void search(Context ctx) {
        String userId = me(ctx);
        String q = ctx.queryParam("q");
        if (q == null || q.isBlank()) throw ApiException.invalid("q", "required", "Say what to search for.");
        if (q.length() > 200) throw ApiException.invalid("q", "too_long", "Must be at most 200 characters.");
        String conversationId = ctx.queryParam("conversationId");
        if (conversationId != null && !Ids.isWellFormed(conversationId)) throw ApiException.notFound("The conversation");
        String before = ctx.queryParam("before");
        if (before != null && !Ids.isWellFormed(before)) throw ApiException.invalid("before", "invalid_cursor", "Not a cursor from a previous page.");
        int limit = limit(ctx);
        var rows = jdbi.withHandle(h -> search.search(h, userId, q, conversationId, before, limit + 1));
        boolean more = rows.size() > limit;
        var items = more ? rows.subList(0, limit) : rows;
        ctx.json(new SearchPage(items, more ? items.getLast().id() : null));
    }

    record SearchPage(java.util.List<Message> items, String nextBefore) {
    }

    private static Long seqParam(Context ctx, String name) {
        String raw = ctx.queryParam(name);
        if (raw == null) return null;
        try {
            long v = Long.parseLong(raw);
            if (v >= 0) return v;
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw ApiException.invalid(name, "out_of_range", name + " must be a sequence number (0 or more).");
    }

    /** The conversation list pages by 200 by default (up to 500), most recently active first. */
    private static int listLimit(Context ctx) {
        String raw = ctx.queryParam("limit");
        if (raw == null) return 200;
        try {
            int n = Integer.parseInt(raw);
            if (n >= 1 && n <= 500) return n;
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw ApiException.invalid("limit", "out_of_range", "limit must be a whole number from 1 to 500.");
    }

    private static int limit(Context ctx) {
        String raw = ctx.queryParam("limit");
        if (raw == null) return 50;
        try {
            int n = Integer.parseInt(raw);
            if (n >= 1 && n <= 100) return n;
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw ApiException.invalid("limit", "out_of_range", "limit must be a whole number from 1 to 100.");
    }
}
