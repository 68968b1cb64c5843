package io.juntos.media;

import io.juntos.http.ApiException;
import io.juntos.http.FieldError;
import io.juntos.store.Ids;
import org.jdbi.v3.core.Handle;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * What other features use of media: attach uploaded objects to their own records (a message, a
 * todo item, a playlist entry) inside their own transaction, list them, and delete them with the
 * parent. Each parent type registers who may read its records; media inherit that rule, so a
 * caller who may not read the parent gets a 404 for the media too.
 */
public final class Media {
    /** Decides whether a user may read one parent record (e.g. is a member of the message's conversation). */
    @FunctionalInterface
    public interface ParentAccess {
        boolean canRead(String userId, String parentId);
    }

    private final Map<String, ParentAccess> parents = new ConcurrentHashMap<>();
    private final MediaRows rows;
    private volatile MediaViews views;
    private volatile Consumer<List<String>> purger = ids -> { };

    Media(MediaRows rows) {
        this.rows = rows;
    }

    void wire(MediaViews views, Consumer<List<String>> purger) {
        this.views = views;
        this.purger = purger;
    }

    /** Registers a parent type such as {@code "message"}; call once while building features. */
    public void registerParent(String type, ParentAccess access) {
        if (!type.matches("[a-z][a-z0-9_]{0,31}")) throw new IllegalArgumentException("parent type must be a short lowercase word");
        if (parents.putIfAbsent(type, access) != null) throw new IllegalStateException("parent type registered twice: " + type);
    }

    /**
     * Attaches the caller's ready, unattached uploads to a parent, inside the caller's transaction.
     * Errors name {@code field[i]}: {@code media_not_found} (unknown, not the caller's, or not
     * an attachment), {@code media_not_ready}, {@code media_already_attached}, {@code duplicate}.
     */
    public List<MediaView> attach(Handle h, String userId, String parentType, String parentId, List<String> mediaIds, String field) {
        if (!parents.containsKey(parentType)) throw new IllegalStateException("unregistered parent type " + parentType);
        List<FieldError> errors = new ArrayList<>();
        List<MediaView> out = new ArrayList<>();
        var seen = new HashSet<String>();
        for (int i = 0; i < mediaIds.size(); i++) {
            String id = mediaIds.get(i);
            String f = field + "[" + i + "]";
            if (id == null || !seen.add(id)) {
                errors.add(new FieldError(f, "duplicate", "Each file may be attached once."));
                continue;
            }
            MediaRow row = Ids.isWellFormed(id) ? rows.find(h, id).orElse(null) : null;
            if (row == null || !row.ownerId().equals(userId) || row.purpose() != Purpose.ATTACHMENT || row.state() == MediaRow.State.DELETING) {
                errors.add(new FieldError(f, "media_not_found", "No such upload of yours."));
            } else if (row.state() != MediaRow.State.READY) {
                errors.add(new FieldError(f, "media_not_ready", "Complete the upload first."));
            } else if (row.attached() || !rows.attach(h, id, userId, parentType, parentId)) {
                errors.add(new FieldError(f, "media_already_attached", "This file is already attached elsewhere."));
            } else {
                out.add(views.of(row));
            }
        }
        if (!errors.isEmpty()) throw ApiException.invalid(errors);
        return out;
    }

    /** The ready media of many parents at once (for a page of history), with fresh signed URLs; parents without media are absent. */
    public Map<String, List<MediaView>> attachments(Handle h, String parentType, Collection<String> parentIds) {
        Map<String, List<MediaView>> out = new LinkedHashMap<>();
        for (MediaRow r : rows.byParents(h, parentType, parentIds)) {
            out.computeIfAbsent(r.parentId(), k -> new ArrayList<>()).add(views.of(r));
        }
        return out;
    }

    /** Deletes a parent's media with the parent: marked in the caller's transaction, objects removed after it commits. */
    public void deleteForParent(Handle h, String parentType, String parentId) {
        List<String> ids = rows.markParentDeleting(h, parentType, parentId);
        if (!ids.isEmpty()) h.afterCommit(() -> purger.accept(ids));
    }

    /**
     * Deletes everything a deleted account uploaded (avatar, attachments, pending uploads): marked in
     * the caller's transaction, objects removed after commit, the sweeper retrying what fails.
     */
    public void deleteOwnedBy(Handle h, String ownerId) {
        List<String> ids = rows.markOwnerDeleting(h, ownerId);
        if (!ids.isEmpty()) h.afterCommit(() -> purger.accept(ids));
    }

    /** Owner always; avatars any signed-in user once ready; attachments whoever may read the parent. */
    boolean canRead(String userId, MediaRow row) {
        if (row.state() == MediaRow.State.DELETING) return false;
        if (row.ownerId().equals(userId)) return true;
        if (row.state() != MediaRow.State.READY) return false;
        if (row.purpose() == Purpose.AVATAR) return true;
        if (!row.attached()) return false;
        ParentAccess access = parents.get(row.parentType());
        return access != null && access.canRead(userId, row.parentId());
    }
}
