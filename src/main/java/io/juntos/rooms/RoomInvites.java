package io.juntos.rooms;

import io.juntos.auth.Users;
import io.juntos.gateway.Gateway;
import io.juntos.http.ApiException;
import io.juntos.push.Notifier;
import io.juntos.push.PushEvent;
import org.jdbi.v3.core.Jdbi;

import java.time.Clock;
import java.util.List;
import java.util.Map;

/** Inviting a person to a room by username (REST {@code POST /api/rooms/{id}/invites}; openapi/rooms.json). */
final class RoomInvites {
    private final Jdbi jdbi;
    private final RoomStore store;
    private final RoomReads reads;
    private final Rooms rooms;
    private final Users users;
    private final Gateway gateway;
    private final Notifier notifier;
    private final Clock clock;

    RoomInvites(Jdbi jdbi, RoomStore store, RoomReads reads, Rooms rooms, Users users, Gateway gateway, Notifier notifier, Clock clock) {
        this.jdbi = jdbi;
        this.store = store;
        this.reads = reads;
        this.rooms = rooms;
        this.users = users;
        this.gateway = gateway;
        this.notifier = notifier;
        this.clock = clock;
    }

    record InviteRequest(String username) {
    }

    /**
     * The host adds a person by username at once, as adding someone to a Slack channel does (no
     * pending state to accept): they follow the room's stream and get {@code room.invited} on their
     * user stream, and a push (issue 14) on devices that are not looking. Same cap and room limit as
     * joining by link.
     */
    RoomView.Member invite(String actorId, String roomId, InviteRequest req, String ip) {
        if (req.username() == null || req.username().isBlank()) throw ApiException.invalid("username", "required", "Say who to invite.");
        var target = users.byUsername(req.username().strip())
                .orElseThrow(() -> ApiException.invalid("username", "unknown_user", "No one has this username."));
        long now = clock.millis();
        var row = jdbi.inTransaction(h -> {
            var r = reads.host(h, roomId, actorId);
            if (store.member(h, roomId, target.id()).isPresent()) throw ApiException.conflict("already_member", "username", "Already in this room.");
            rooms.admit(h, r, target.id(), now, ip, Map.of("roomId", roomId, "name", r.name(), "invitedBy", actorId));
            return r;
        });
        var inviter = users.byId(actorId).map(u -> u.publicView()).orElseThrow();
        RoomView v = jdbi.withHandle(h -> reads.view(h, store.byId(h, roomId).orElseThrow(), target.id()));
        gateway.publishJoin(Gateway.userTopic(target.id()), RoomEvents.topic(roomId), "room.invited", Map.of("room", v, "invitedBy", inviter));
        String inviterName = inviter.fullName() == null || inviter.fullName().isBlank() ? inviter.username() : inviter.fullName();
        notifier.notify(new PushEvent.RoomInvite(roomId, row.name(), inviterName, List.of(target.id())));
        return jdbi.withHandle(h -> reads.members(h, roomId)).stream().filter(m -> m.user().id().equals(target.id())).findFirst().orElseThrow();
    }

}
