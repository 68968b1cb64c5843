package io.juntos.rooms;

import io.juntos.activity.ActivityLog;
import io.juntos.auth.Users;
import io.juntos.conversations.GroupChats;
import io.juntos.gateway.Gateway;
import io.juntos.http.ApiException;
import io.juntos.http.Checks;
import io.juntos.playback.PlaybackState;
import io.juntos.store.Ids;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Rooms and their members: create, join by link, settings, roles, leave, delete (REST; openapi/rooms.json). */
final class Rooms {
    private static final SecureRandom RANDOM = new SecureRandom();
    static final Set<String> POLICIES = Set.of("everyone", "host", "controllers");

    private final Jdbi jdbi;
    private final RoomStore store;
    private final RoomReads reads;
    private final RoomEvents events;
    private final PlaybackJson playback;
    private final GroupChats chats;
    private final Users users;
    private final ActivityLog activity;
    private final Gateway gateway;
    private final RoomLive live;
    private final RoomsConfig cfg;
    private final Clock clock;

    Rooms(Jdbi jdbi, RoomStore store, RoomReads reads, RoomEvents events, PlaybackJson playback, GroupChats chats, Users users,
          ActivityLog activity, Gateway gateway, RoomLive live, RoomsConfig cfg, Clock clock) {
        this.jdbi = jdbi;
        this.store = store;
        this.reads = reads;
        this.events = events;
        this.playback = playback;
        this.chats = chats;
        this.users = users;
        this.activity = activity;
        this.gateway = gateway;
        this.live = live;
        this.cfg = cfg;
        this.clock = clock;
    }

    record CreateRequest(String name, String message, String controlPolicy, String waitPolicy, Integer maxMembers, Boolean autoAdvance,
                         Instant linkExpiresAt) {
    }

    record Settings(String name, String message, String controlPolicy, String waitPolicy, Integer maxMembers, Boolean autoAdvance) {
    }

    Map<String, Object> create(String userId, CreateRequest r, String ip) {
        Settings s = checkSettings(new Settings(r.name(), r.message() == null ? "" : r.message(), or(r.controlPolicy(), "host"),
                or(r.waitPolicy(), "wait"), r.maxMembers() == null ? 8 : r.maxMembers(), r.autoAdvance() == null || r.autoAdvance()), true);
        Long expires = checkExpiry("linkExpiresAt", r.linkExpiresAt());
        long now = clock.millis();
        String id = Ids.newId();
        RoomView v = jdbi.inTransaction(h -> {
            if (store.roomIdsOf(h, userId).size() >= cfg.maxRoomsPerUser()) {
                throw ApiException.conflict("too_many_rooms", null, "You are in " + cfg.maxRoomsPerUser() + " rooms; leave one first.");
            }
            String conv = chats.create(h, userId, s.name());
            store.insert(h, new RoomStore.Row(id, s.name(), s.message(), s.controlPolicy(), s.waitPolicy(), s.maxMembers(), s.autoAdvance(),
                    newToken(), expires, conv, playback.write(new PlaybackState.Paused(null, 0, now, 1.0, 0)), userId, now, now, 0));
            store.addMember(h, id, userId, RoomReads.HOST, now);
            activity.append(h, userId, "room.create", Map.of("roomId", id, "name", s.name()), ip);
            return reads.view(h, store.byId(h, id).orElseThrow(), userId);
        });
        gateway.publishJoin(Gateway.userTopic(userId), RoomEvents.topic(id), "room.joined", Map.of("room", v));
        return Map.of("room", v, "joinLink", v.joinLink());
    }

    List<RoomView> mine(String userId) {
        return jdbi.withHandle(h -> store.ofUser(h, userId).stream().map(r -> reads.view(h, r, userId)).toList());
    }

    Map<String, Object> get(String userId, String roomId) {
        return jdbi.withHandle(h -> reads.details(h, roomId, userId, clock.millis()));
    }

    /** What the join link shows before joining. Expired → 410; unknown or regenerated → 404. */
    Map<String, Object> preview(String userId, String token) {
        return jdbi.withHandle(h -> {
            var r = byLink(h, token);
            var members = store.members(h, r.id());
            var hostId = members.stream().filter(m -> m.role().equals(RoomReads.HOST)).map(RoomStore.Member::userId).findFirst().orElse(null);
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("roomId", r.id());
            out.put("name", r.name());
            out.put("message", r.message());
            out.put("host", hostId == null ? null : users.byId(hostId).map(u -> u.publicView()).orElse(null));
            out.put("memberCount", members.size());
            out.put("maxMembers", r.maxMembers());
            out.put("full", members.size() >= r.maxMembers());
            out.put("member", members.stream().anyMatch(m -> m.userId().equals(userId)));
            return out;
        });
    }

    record Joined(RoomView room, boolean joined) {
    }

    Joined join(String userId, String token, String ip) {
        long now = clock.millis();
        boolean[] added = {false};
        String id = jdbi.inTransaction(h -> {
            var r = byLink(h, token);
            if (store.member(h, r.id(), userId).isPresent()) return r.id();
            admit(h, r, userId, now, ip, Map.of("roomId", r.id(), "name", r.name()));
            added[0] = true;
            return r.id();
        });
        RoomView v = jdbi.withHandle(h -> reads.view(h, store.byId(h, id).orElseThrow(), userId));
        if (added[0]) gateway.publishJoin(Gateway.userTopic(userId), RoomEvents.topic(id), "room.joined", Map.of("room", v));
        return new Joined(v, added[0]);
    }

    /** Adds a member in the caller's transaction (by link or by invite): cap, room limit, chat, activity, roster event. */
    void admit(Handle h, RoomStore.Row r, String userId, long now, String ip, Map<String, Object> detail) {
        if (store.memberCount(h, r.id()) >= r.maxMembers()) throw RoomsException.roomFull(r.maxMembers());
        if (store.roomIdsOf(h, userId).size() >= cfg.maxRoomsPerUser()) {
            throw ApiException.conflict("too_many_rooms", null, "Already in " + cfg.maxRoomsPerUser() + " rooms; one must be left first.");
        }
        store.addMember(h, r.id(), userId, RoomReads.MEMBER, now);
        if (r.conversationId() != null) chats.addMember(h, r.conversationId(), userId);
        store.touch(h, r.id(), now);
        activity.append(h, userId, "room.join", detail, ip);
        rosterEvent(h, r.id(), "joined", userId);
    }

    private RoomStore.Row byLink(Handle h, String token) {
        if (token == null || !token.matches("[A-Za-z0-9_-]{20,64}")) throw RoomsException.linkNotFound();
        var r = store.byToken(h, token).orElseThrow(RoomsException::linkNotFound);
        if (r.joinExpiresAt() != null && r.joinExpiresAt() <= clock.millis()) throw RoomsException.linkExpired();
        return r;
    }

    record LinkRequest(Instant expiresAt) {
    }

    /** A new join link; the old one stops working at once (404). */
    Map<String, Object> regenerateLink(String userId, String roomId, LinkRequest r) {
        Long expires = checkExpiry("expiresAt", r == null ? null : r.expiresAt());
        String token = newToken();
        jdbi.useTransaction(h -> {
            reads.host(h, roomId, userId);
            store.setToken(h, roomId, token, expires);
            events.append(h, roomId, "room.updated", Map.of("room", reads.view(h, store.byId(h, roomId).orElseThrow(), userId)));
        });
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("joinLink", reads.joinLink(token));
        out.put("expiresAt", expires == null ? null : Instant.ofEpochMilli(expires));
        return out;
    }

    RoomView update(String userId, String roomId, Settings patch) {
        long now = clock.millis();
        RoomView v = jdbi.inTransaction(h -> {
            var r = reads.host(h, roomId, userId);
            Settings s = checkSettings(new Settings(or(patch.name(), r.name()), or(patch.message(), r.message()),
                    or(patch.controlPolicy(), r.controlPolicy()), or(patch.waitPolicy(), r.waitPolicy()),
                    patch.maxMembers() == null ? r.maxMembers() : patch.maxMembers(),
                    patch.autoAdvance() == null ? r.autoAdvance() : patch.autoAdvance()), false);
            store.update(h, roomId, s.name(), s.message(), s.controlPolicy(), s.waitPolicy(), s.maxMembers(), s.autoAdvance(), now);
            RoomView view = reads.view(h, store.byId(h, roomId).orElseThrow(), userId);
            events.append(h, roomId, "room.updated", Map.of("room", view));
            return view;
        });
        live.settingsChanged(roomId);
        return v;
    }

    void delete(String userId, String roomId) {
        List<RoomStore.Member> members = jdbi.inTransaction(h -> {
            var r = reads.host(h, roomId, userId);
            var all = store.members(h, roomId);
            if (r.conversationId() != null) chats.delete(h, r.conversationId());
            store.delete(h, roomId);
            return all;
        });
        // The stream ends with the room: an unsequenced notice, then every member's sockets stop following.
        gateway.publish(RoomEvents.topic(roomId), "room.deleted", Map.of("roomId", roomId));
        members.forEach(m -> gateway.publishLeave(Gateway.userTopic(m.userId()), RoomEvents.topic(roomId), "room.left",
                Map.of("roomId", roomId, "reason", "deleted")));
        live.closed(roomId);
    }

    void leave(String userId, String roomId, String ip) {
        boolean[] deleted = {false};
        jdbi.useTransaction(h -> {
            var me = reads.member(h, roomId, userId);
            var r = store.byId(h, roomId).orElseThrow();
            store.removeMember(h, roomId, userId);
            if (r.conversationId() != null) chats.removeMember(h, r.conversationId(), userId);
            activity.append(h, userId, "room.leave", Map.of("roomId", roomId, "name", r.name()), ip);
            var rest = store.members(h, roomId);
            if (rest.isEmpty()) {
                if (r.conversationId() != null) chats.delete(h, r.conversationId());
                store.delete(h, roomId);
                deleted[0] = true;
                return;
            }
            if (me.role().equals(RoomReads.HOST)) {
                // The host hands over to a controller if there is one, else to the longest-standing member.
                var heir = rest.stream().filter(m -> m.role().equals(RoomReads.CONTROLLER)).findFirst().orElse(rest.getFirst());
                store.setRole(h, roomId, heir.userId(), RoomReads.HOST);
                activity.append(h, heir.userId(), "room.host", Map.of("roomId", roomId, "name", r.name(), "from", userId), ip);
            }
            rosterEvent(h, roomId, "left", userId);
        });
        departed(roomId, userId, "left");
        if (deleted[0]) live.closed(roomId);
        else live.settingsChanged(roomId);
    }

    void remove(String actorId, String roomId, String targetId, String ip) {
        if (actorId.equals(targetId)) throw ApiException.invalid("userId", "self", "To leave, use POST /api/rooms/{id}/leave.");
        jdbi.useTransaction(h -> {
            var r = reads.host(h, roomId, actorId);
            if (targetId == null || !Ids.isWellFormed(targetId) || !store.removeMember(h, roomId, targetId)) throw ApiException.notFound("The member");
            if (r.conversationId() != null) chats.removeMember(h, r.conversationId(), targetId);
            activity.append(h, targetId, "room.leave", Map.of("roomId", roomId, "name", r.name(), "removedBy", actorId), ip);
            rosterEvent(h, roomId, "removed", targetId);
        });
        departed(roomId, targetId, "removed");
    }

    record HostRequest(String userId) {
    }

    /** Hands the room to another member; the old host becomes a controller. */
    void makeHost(String actorId, String roomId, HostRequest req, String ip) {
        String target = req.userId();
        if (target == null) throw ApiException.invalid("userId", "required", "Say who becomes host.");
        jdbi.useTransaction(h -> {
            var r = reads.host(h, roomId, actorId);
            if (target.equals(actorId)) return;
            if (!Ids.isWellFormed(target) || store.member(h, roomId, target).isEmpty()) throw ApiException.invalid("userId", "not_member", "Not a member of this room.");
            store.setRole(h, roomId, target, RoomReads.HOST);
            store.setRole(h, roomId, actorId, RoomReads.CONTROLLER);
            activity.append(h, target, "room.host", Map.of("roomId", roomId, "name", r.name(), "from", actorId), ip);
            rosterEvent(h, roomId, "role", target);
        });
        live.settingsChanged(roomId);
    }

    record ControllersRequest(List<String> userIds) {
    }

    /** Sets who may control under the {@code controllers} policy: exactly these members (the host always may). */
    List<RoomView.Member> setControllers(String actorId, String roomId, ControllersRequest req) {
        if (req.userIds() == null) throw ApiException.invalid("userIds", "required", "List the members who may control playback.");
        Set<String> ids = new HashSet<>(req.userIds());
        return jdbi.inTransaction(h -> {
            reads.host(h, roomId, actorId);
            var members = store.members(h, roomId);
            Set<String> known = new HashSet<>();
            members.forEach(m -> known.add(m.userId()));
            for (int i = 0; i < req.userIds().size(); i++) {
                if (!known.contains(req.userIds().get(i))) throw ApiException.invalid("userIds[" + i + "]", "not_member", "Not a member of this room.");
            }
            for (var m : members) {
                if (m.role().equals(RoomReads.HOST)) continue;
                store.setRole(h, roomId, m.userId(), ids.contains(m.userId()) ? RoomReads.CONTROLLER : RoomReads.MEMBER);
            }
            rosterEvent(h, roomId, "role", null);
            return reads.members(h, roomId);
        });
    }

    /** One event carries the whole roster (at most 50 members): clients replace theirs. */
    private void rosterEvent(Handle h, String roomId, String change, String userId) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("change", change);
        d.put("userId", userId);
        d.put("members", reads.members(h, roomId));
        events.append(h, roomId, "room.member", d);
    }

    /** The departed member's sockets stop following the room's stream, after its last event. */
    private void departed(String roomId, String userId, String reason) {
        gateway.publishLeave(Gateway.userTopic(userId), RoomEvents.topic(roomId), "room.left", Map.of("roomId", roomId, "reason", reason));
        live.userLeft(roomId, userId);
    }

    private Settings checkSettings(Settings s, boolean creating) {
        Checks c = new Checks();
        c.text("name", s.name(), 1, 100);
        c.optionalText("message", s.message(), 0, 500);
        c.check(POLICIES.contains(s.controlPolicy()), "controlPolicy", "invalid_value", "Must be everyone, host or controllers.");
        c.check(s.waitPolicy().equals("wait") || s.waitPolicy().equals("continue"), "waitPolicy", "invalid_value", "Must be wait or continue.");
        c.check(s.maxMembers() >= 2 && s.maxMembers() <= 50, "maxMembers", "out_of_range", "Must be from 2 to 50.");
        c.throwIfAny();
        return new Settings(s.name().strip(), s.message(), s.controlPolicy(), s.waitPolicy(), s.maxMembers(), s.autoAdvance());
    }

    private Long checkExpiry(String field, Instant at) {
        if (at == null) return null;
        if (at.toEpochMilli() <= clock.millis()) throw ApiException.invalid(field, "in_past", "The expiry must be in the future.");
        return at.toEpochMilli();
    }

    private static String newToken() {
        byte[] b = new byte[32];
        RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    private static <T> T or(T v, T fallback) {
        return v == null ? fallback : v;
    }
}
