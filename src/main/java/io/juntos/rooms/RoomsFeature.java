package io.juntos.rooms;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.juntos.Feature;
import io.juntos.FeatureContext;
import io.juntos.Platform;
import io.juntos.auth.Authenticator;
import io.juntos.conversations.GroupChats;
import io.juntos.conversations.ConversationsFeature;
import io.juntos.http.Bodies;
import io.juntos.http.ClientAddress;
import io.juntos.media.Media;
import io.juntos.media.MediaFeature;
import io.juntos.playback.WaitPolicy;
import io.juntos.push.Notifier;

import java.util.Map;

/**
 * Watch-party rooms (issue 10): REST under {@code /api/rooms} (openapi/rooms.json), the
 * {@code room.*} frames ({@link RoomsGateway}), the room stream {@code room.<id>} with its
 * backfill, the sync ticker, and the join link {@code /r/<token>}. All wiring of the feature is here.
 */
public final class RoomsFeature implements Feature {
    /** Origins the YouTube player adapter loads its script and frame from (CSP). */
    static final String[] YOUTUBE_SCRIPT_ORIGINS = {"https://www.youtube.com", "https://s.ytimg.com"};
    static final String[] YOUTUBE_FRAME_ORIGINS = {"https://www.youtube.com", "https://www.youtube-nocookie.com"};

    private final Platform platform;
    private final MediaFeature mediaFeature;
    private final ConversationsFeature conversations;
    private final Authenticator auth;
    private final Bodies bodies;
    private final ClientAddress clientAddress;
    private final Notifier notifier;
    // Built in install: read-only after.
    private Rooms rooms;
    private RoomInvites invites;
    private RoomPlayback playback;
    private RoomQueue queue;
    private RoomChat chat;
    private RoomMembers members;

    /** A room's chat is a conversations group chat; an uploaded video in its queue is a media item. */
    public RoomsFeature(Platform p, MediaFeature media, ConversationsFeature conversations, Notifier notifier) {
        this.platform = p;
        this.notifier = notifier;
        this.mediaFeature = media;
        this.conversations = conversations;
        this.auth = p.authenticator();
        this.bodies = p.bodies();
        this.clientAddress = p.clientAddress();
    }

    @Override
    public void install(FeatureContext ctx) {
        Platform p = platform;
        Media media = mediaFeature.media();
        GroupChats chats = conversations.chats();
        var jdbi = p.db().jdbi();
        var cfg = RoomsConfig.from(p.env());
        ctx.limits(cfg);
        var store = new RoomStore();
        var json = new PlaybackJson(p.json());
        var live = new RoomLive(cfg.thresholds(), p.clock());
        var reads = new RoomReads(store, p.users(), media, json, p.config().publicUrl(), live::online);
        var events = new RoomEvents(jdbi, store, ctx.gateway(), p.clock());
        // media: an uploaded video in a queue is readable by the room's members.
        media.registerParent(RoomReads.MEDIA_PARENT, (userId, itemId) -> jdbi.withHandle(h -> store.itemReadableBy(h, itemId, userId)));
        live.loader(roomId -> jdbi.withHandle(h -> store.byId(h, roomId).map(r -> new RoomLive.Snapshot(json.read(r.playback()),
                store.members(h, roomId).stream().filter(m -> m.role().equals(RoomReads.HOST)).map(RoomStore.Member::userId).findFirst().orElse(null),
                r.autoAdvance(), WaitPolicy.parse(r.waitPolicy()))).orElse(null)));
        this.playback = new RoomPlayback(jdbi, store, reads, events, json, live, p.clock());
        this.rooms = new Rooms(jdbi, store, reads, events, json, chats, p.users(), p.activity(), ctx.gateway(), live, cfg, p.clock());
        this.invites = new RoomInvites(jdbi, store, reads, rooms, p.users(), ctx.gateway(), notifier, p.clock());
        this.queue = new RoomQueue(jdbi, store, reads, events, playback, media, cfg, p.clock());
        this.members = new RoomMembers(jdbi, store);
        this.chat = new RoomChat(jdbi, store, reads, events, chats, p.clock());
        var frames = new RoomsGateway(ctx.gateway(), jdbi, store, reads, playback, live, cfg, json, p.clock());
        frames.register(ctx, events);
        var ticker = new RoomTicker(live, playback, frames, cfg, p.clock());
        ctx.onStop(ticker::close);
        ctx.csp("script-src", YOUTUBE_SCRIPT_ORIGINS).csp("frame-src", YOUTUBE_FRAME_ORIGINS);
        ctx.accounts().sharedSpaces((a, b) -> jdbi.withHandle(h -> store.shareRoom(h, a, b)));
        ctx.accounts().onDeletion(store::eraseMember);
        ctx.routes(this::routes);
        ctx.openApi("openapi/rooms.json");
    }

    /** Room membership for other features (calls); available once installed. */
    public RoomMembers members() {
        if (members == null) throw new IllegalStateException("rooms not installed yet");
        return members;
    }

    private void routes(RoutesConfig r) {
        String room = "/api/rooms/{id}";
        r.get("/r/{token}", ctx -> ctx.redirect("/#/r/" + (ctx.pathParam("token").matches("[A-Za-z0-9_-]{1,64}") ? ctx.pathParam("token") : "")));
        r.post("/api/rooms", ctx -> ctx.status(201).json(rooms.create(me(ctx), bodies.read(ctx, Rooms.CreateRequest.class), clientAddress.of(ctx))));
        r.get("/api/rooms", ctx -> ctx.json(Map.of("items", rooms.mine(me(ctx)))));
        r.get("/api/rooms/join/{token}", ctx -> ctx.json(rooms.preview(me(ctx), ctx.pathParam("token"))));
        r.post("/api/rooms/join/{token}", ctx -> {
            var joined = rooms.join(me(ctx), ctx.pathParam("token"), clientAddress.of(ctx));
            ctx.status(joined.joined() ? 201 : 200).json(joined);
        });
        r.get(room, ctx -> ctx.json(rooms.get(me(ctx), ctx.pathParam("id"))));
        r.patch(room, ctx -> ctx.json(Map.of("room", rooms.update(me(ctx), ctx.pathParam("id"), bodies.read(ctx, Rooms.Settings.class)))));
        r.delete(room, ctx -> {
            rooms.delete(me(ctx), ctx.pathParam("id"));
            ctx.status(204);
        });
        r.post(room + "/leave", ctx -> {
            rooms.leave(me(ctx), ctx.pathParam("id"), clientAddress.of(ctx));
            ctx.status(204);
        });
        r.post(room + "/link", ctx -> ctx.json(rooms.regenerateLink(me(ctx), ctx.pathParam("id"), optionalBody(ctx, Rooms.LinkRequest.class))));
        r.delete(room + "/members/{userId}", ctx -> {
            rooms.remove(me(ctx), ctx.pathParam("id"), ctx.pathParam("userId"), clientAddress.of(ctx));
            ctx.status(204);
        });
        r.post(room + "/invites", ctx -> ctx.status(201).json(Map.of("member",
                invites.invite(me(ctx), ctx.pathParam("id"), bodies.read(ctx, RoomInvites.InviteRequest.class), clientAddress.of(ctx)))));
        r.post(room + "/host", ctx -> {
            rooms.makeHost(me(ctx), ctx.pathParam("id"), bodies.read(ctx, Rooms.HostRequest.class), clientAddress.of(ctx));
            ctx.status(204);
        });
        r.put(room + "/controllers", ctx -> ctx.json(Map.of("members",
                rooms.setControllers(me(ctx), ctx.pathParam("id"), bodies.read(ctx, Rooms.ControllersRequest.class)))));
        r.post(room + "/playback", ctx -> ctx.json(playback.act(me(ctx), ctx.pathParam("id"), bodies.read(ctx, RoomPlayback.PlaybackRequest.class))));
        r.post(room + "/queue", ctx -> ctx.status(201).json(Map.of("items", queue.add(me(ctx), ctx.pathParam("id"), bodies.read(ctx, RoomQueue.AddRequest.class)))));
        r.put(room + "/queue", ctx -> ctx.json(Map.of("items", queue.reorder(me(ctx), ctx.pathParam("id"), bodies.read(ctx, RoomQueue.ReorderRequest.class)))));
        r.delete(room + "/queue/{itemId}", ctx -> ctx.json(Map.of("items", queue.remove(me(ctx), ctx.pathParam("id"), ctx.pathParam("itemId")))));
        r.post(room + "/messages", ctx -> ctx.status(201).json(chat.send(me(ctx), ctx.pathParam("id"), bodies.read(ctx, RoomChat.SendRequest.class))));
    }

    private <T> T optionalBody(Context ctx, Class<T> type) {
        byte[] body = ctx.bodyAsBytes();
        return body.length == 0 ? null : bodies.parse(body, type);
    }

    private String me(Context ctx) {
        return auth.require(ctx).userId();
    }
}
