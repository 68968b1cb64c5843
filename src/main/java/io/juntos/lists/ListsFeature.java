package io.juntos.lists;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.juntos.Feature;
import io.juntos.FeatureContext;
import io.juntos.Platform;
import io.juntos.auth.Authenticator;
import io.juntos.media.Media;
import io.juntos.media.MediaFeature;
import io.juntos.push.Notifier;

import java.time.Duration;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Collaborative todo lists (issue 17): REST under {@code /api/lists} (openapi/lists.json), the
 * {@code list.*} frames and the stream {@code list.<id>} ({@link ListsGateway}), the server's CRDT
 * replica of each list in use ({@link ListReplicas}) and the trash sweeper. Attachments are media
 * items whose parent is the list; assignees are pushed through the push feature's notifier.
 */
public final class ListsFeature implements Feature {
    private final Platform platform;
    private final MediaFeature mediaFeature;
    private final Supplier<Notifier> push;
    private final Authenticator auth;
    // Built in install: read-only after.
    private Lists lists;
    private ListMembers members;
    private ListItems items;
    private ListReplicas replicas;
    private ListSweeper sweeper;
    private ListWrites writes;

    /** {@code push} is asked for its notifier when an assignee is to be told (push installs after lists). */
    public ListsFeature(Platform p, MediaFeature media, Supplier<Notifier> push) {
        this.platform = p;
        this.mediaFeature = media;
        this.push = push;
        this.auth = p.authenticator();
    }

    @Override
    public void install(FeatureContext ctx) {
        Platform p = platform;
        var jdbi = p.db().jdbi();
        var cfg = ListsConfig.from(p.env());
        ctx.limits(cfg);
        Media media = mediaFeature.media();
        var store = new ListStore();
        var rules = new ItemRules(p.json());
        var projection = new ListProjection(p.json());
        this.replicas = new ListReplicas(jdbi, store, cfg, rules, p.clock());
        // An attachment is readable by whoever may read its list.
        media.registerParent(ListWrites.MEDIA_PARENT, (userId, listId) -> jdbi.withHandle(h ->
                store.member(h, listId, userId).isPresent() && store.byId(h, listId).map(r -> r.deletedAt() == null).orElse(false)));
        this.writes = new ListWrites(jdbi, store, replicas, projection, ctx.gateway(), media, p.users(), p.activity(), push, p.clock());
        this.lists = new Lists(jdbi, store, replicas, p.users(), ctx.gateway(), media, cfg, p.clock());
        this.members = new ListMembers(jdbi, store, lists, replicas, p.users(), ctx.gateway(), p.config().publicUrl().toString().replaceAll("/$", ""), p.clock());
        this.items = new ListItems(writes, projection, rules, cfg.listLimits(), p.json(), p.clock());
        var viewers = new ListViewers(p.clock());
        new ListsGateway(ctx.gateway(), jdbi, store, lists, writes, members::members, viewers, cfg).register(ctx);
        this.sweeper = new ListSweeper(lists, replicas, viewers);
        sweeper.start(Duration.ofMinutes(1));
        ctx.onStop(sweeper::stop);
        ctx.routes(this::routes);
        ctx.openApi("openapi/lists.json");
    }

    /** One housekeeping pass now, on the server's clock (tests move that clock, then call this). */
    public int sweepNow() {
        return sweeper.sweep();
    }

    private void routes(RoutesConfig r) {
        String list = "/api/lists/{id}";
        String item = list + "/items/{itemId}";
        r.post("/api/lists", ctx -> ctx.status(201).json(lists.create(me(ctx), body(ctx, Lists.NameRequest.class))));
        r.get("/api/lists", ctx -> ctx.json(Map.of("items", lists.mine(me(ctx), false))));
        r.get("/api/lists/trash", ctx -> ctx.json(Map.of("items", lists.mine(me(ctx), true))));
        r.get("/api/lists/invites/{token}", ctx -> ctx.json(members.preview(me(ctx), ctx.pathParam("token"))));
        r.post("/api/lists/invites/{token}/accept", ctx -> {
            var joined = members.accept(me(ctx), ctx.pathParam("token"));
            ctx.status(joined.added() ? 201 : 200).json(Map.of("list", lists.summary(me(ctx), joined.listId())));
        });
        r.get(list, ctx -> {
            String me = me(ctx), id = id(ctx);
            var summary = lists.summary(me, id);
            var content = items.read(me, id);
            ctx.json(Map.of("list", summary, "members", members.members(me, id), "items", content.get("items"), "seq", content.get("seq"),
                    "media", lists.media(id)));
        });
        r.patch(list, ctx -> ctx.json(lists.rename(me(ctx), id(ctx), body(ctx, Lists.NameRequest.class))));
        r.delete(list, ctx -> {
            lists.trash(me(ctx), id(ctx));
            ctx.status(204);
        });
        r.post(list + "/restore", ctx -> ctx.json(lists.restore(me(ctx), ctx.pathParam("id"))));
        r.get(list + "/doc", ctx -> {
            String me = me(ctx), id = id(ctx);
            lists.summary(me, id);
            Object[] state = writes.read(id, me, (doc, seq) -> new Object[]{doc.snapshot(), seq});
            ctx.header("X-List-Seq", String.valueOf(state[1])).contentType("application/octet-stream").result((byte[]) state[0]);
        });
        r.post(list + "/items", ctx -> ctx.status(201).json(items.create(me(ctx), live(ctx), json(ctx))));
        r.patch(item, ctx -> ctx.json(items.patch(me(ctx), live(ctx), ctx.pathParam("itemId"), json(ctx))));
        r.delete(item, ctx -> {
            items.delete(me(ctx), live(ctx), ctx.pathParam("itemId"));
            ctx.status(204);
        });
        r.post(item + "/attachments", ctx -> ctx.status(201).json(items.attach(me(ctx), live(ctx), ctx.pathParam("itemId"), json(ctx), true)));
        r.delete(item + "/attachments/{mediaId}", ctx -> {
            items.attachment(me(ctx), live(ctx), ctx.pathParam("itemId"), ctx.pathParam("mediaId"), false);
            ctx.status(204);
        });
        r.get(list + "/members", ctx -> ctx.json(Map.of("members", members.members(me(ctx), id(ctx)))));
        r.post(list + "/members", ctx -> ctx.status(201).json(Map.of("members", members.add(me(ctx), id(ctx), body(ctx, ListMembers.AddRequest.class)))));
        r.patch(list + "/members/{userId}", ctx -> ctx.json(Map.of("members",
                members.changeRole(me(ctx), id(ctx), ctx.pathParam("userId"), body(ctx, ListMembers.RoleRequest.class)))));
        r.delete(list + "/members/{userId}", ctx -> {
            members.remove(me(ctx), id(ctx), ctx.pathParam("userId"));
            ctx.status(204);
        });
        r.post(list + "/leave", ctx -> {
            members.remove(me(ctx), id(ctx), me(ctx));
            ctx.status(204);
        });
        r.post(list + "/owner", ctx -> ctx.json(Map.of("members", members.transfer(me(ctx), id(ctx), body(ctx, ListMembers.OwnerRequest.class)))));
        r.get(list + "/invites", ctx -> ctx.json(Map.of("items", members.invites(me(ctx), id(ctx)))));
        r.post(list + "/invites", ctx -> ctx.status(201).json(members.createInvite(me(ctx), id(ctx), body(ctx, ListMembers.InviteRequest.class))));
        r.delete(list + "/invites/{inviteId}", ctx -> {
            members.revoke(me(ctx), id(ctx), ctx.pathParam("inviteId"));
            ctx.status(204);
        });
    }

    /** The list id of the path, after checking the caller may see the list (404 otherwise). */
    private String live(Context ctx) {
        String id = id(ctx);
        lists.summary(me(ctx), id);
        return id;
    }

    private static String id(Context ctx) {
        return ListsGateway.requireId(ctx.pathParam("id"));
    }

    private <T> T body(Context ctx, Class<T> type) {
        return platform.bodies().read(ctx, type);
    }

    private JsonNode json(Context ctx) {
        return platform.bodies().read(ctx, JsonNode.class);
    }

    private String me(Context ctx) {
        return auth.require(ctx).userId();
    }
}
