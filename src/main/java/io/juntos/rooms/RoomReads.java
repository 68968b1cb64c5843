package io.juntos.rooms;

import io.juntos.auth.User;
import io.juntos.auth.Users;
import io.juntos.media.Media;
import io.juntos.media.MediaView;
import io.juntos.store.Ids;
import org.jdbi.v3.core.Handle;

import java.net.URI;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/** Builds what members see of rooms (views, members, queue) and guards access: a non-member gets 404. */
final class RoomReads {
    static final String HOST = "host";
    static final String CONTROLLER = "controller";
    static final String MEMBER = "member";
    static final String MEDIA_PARENT = "room_item";

    private final RoomStore store;
    private final Users users;
    private final Media media;
    private final PlaybackJson playback;
    private final URI publicUrl;
    private final Function<String, Set<String>> online;

    RoomReads(RoomStore store, Users users, Media media, PlaybackJson playback, URI publicUrl, Function<String, Set<String>> online) {
        this.store = store;
        this.users = users;
        this.media = media;
        this.playback = playback;
        this.publicUrl = publicUrl;
        this.online = online;
    }

    /** The room if the user is a member; 404 otherwise (existence is not revealed). */
    RoomStore.Row room(Handle h, String roomId, String userId) {
        if (roomId == null || !Ids.isWellFormed(roomId)) throw RoomsException.roomNotFound();
        var row = store.byId(h, roomId).orElseThrow(RoomsException::roomNotFound);
        if (store.member(h, roomId, userId).isEmpty()) throw RoomsException.roomNotFound();
        return row;
    }

    RoomStore.Member member(Handle h, String roomId, String userId) {
        room(h, roomId, userId);
        return store.member(h, roomId, userId).orElseThrow(RoomsException::roomNotFound);
    }

    RoomStore.Row host(Handle h, String roomId, String userId) {
        var row = room(h, roomId, userId);
        if (!store.member(h, roomId, userId).orElseThrow().role().equals(HOST)) throw RoomsException.notHost();
        return row;
    }

    /** May this member change playback and the queue under the room's control policy? */
    static boolean mayControl(String policy, String role) {
        return switch (policy) {
            case "everyone" -> true;
            case "controllers" -> role.equals(HOST) || role.equals(CONTROLLER);
            default -> role.equals(HOST);
        };
    }

    RoomStore.Row controller(Handle h, String roomId, String userId) {
        var row = room(h, roomId, userId);
        if (!mayControl(row.controlPolicy(), store.member(h, roomId, userId).orElseThrow().role())) throw RoomsException.notController();
        return row;
    }

    String joinLink(String token) {
        String base = publicUrl.toString();
        return (base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + "/r/" + token;
    }

    RoomView view(Handle h, RoomStore.Row r, String userId) {
        var members = store.members(h, r.id());
        String hostId = members.stream().filter(m -> m.role().equals(HOST)).map(RoomStore.Member::userId).findFirst().orElse(null);
        String role = members.stream().filter(m -> m.userId().equals(userId)).map(RoomStore.Member::role).findFirst().orElse(null);
        return new RoomView(r.id(), r.name(), r.message(), r.controlPolicy(), r.waitPolicy(), r.maxMembers(), r.autoAdvance(),
                r.conversationId(), hostId, role, members.size(), joinLink(r.joinToken()),
                r.joinExpiresAt() == null ? null : Instant.ofEpochMilli(r.joinExpiresAt()),
                Instant.ofEpochMilli(r.createdAt()), Instant.ofEpochMilli(r.activeAt()), r.lastSeq());
    }

    List<RoomView.Member> members(Handle h, String roomId) {
        var rows = store.members(h, roomId);
        Map<String, User.PublicUser> byId = new HashMap<>();
        users.byIds(rows.stream().map(RoomStore.Member::userId).toList()).forEach(u -> byId.put(u.id(), u.publicView()));
        Set<String> here = online.apply(roomId);
        return rows.stream().filter(m -> byId.containsKey(m.userId()))
                .map(m -> new RoomView.Member(byId.get(m.userId()), m.role(), Instant.ofEpochMilli(m.joinedAt()), here.contains(m.userId()))).toList();
    }

    List<RoomView.QueueItem> queue(Handle h, String roomId) {
        var rows = store.queue(h, roomId);
        List<String> uploads = rows.stream().filter(q -> q.kind().equals("media")).map(RoomStore.QueueRow::id).toList();
        Map<String, List<MediaView>> files = uploads.isEmpty() ? Map.of() : media.attachments(h, MEDIA_PARENT, uploads);
        return rows.stream().map(q -> new RoomView.QueueItem(q.id(), q.kind(), q.source(), switch (q.kind()) {
            case "url" -> q.source();
            case "media" -> files.getOrDefault(q.id(), List.of()).stream().findFirst().map(MediaView::url).orElse(null);
            default -> null;
        }, q.title(), q.duration(), q.addedBy(), Instant.ofEpochMilli(q.addedAt()))).toList();
    }

    /** Everything a member needs to open the room: GET /api/rooms/{id}. */
    Map<String, Object> details(Handle h, String roomId, String userId, long now) {
        var row = room(h, roomId, userId);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("room", view(h, row, userId));
        out.put("members", members(h, roomId));
        out.put("playback", PlaybackJson.view(playback.read(row.playback())));
        out.put("queue", queue(h, roomId));
        out.put("anchors", store.anchors(h, roomId, 500));
        out.put("serverTime", now);
        return out;
    }
}
