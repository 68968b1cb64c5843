package io.juntos.rooms;

import io.juntos.http.ApiException;
import io.juntos.media.Media;
import io.juntos.media.MediaView;
import io.juntos.playback.PlaybackState;
import io.juntos.store.Ids;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Clock;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The shared queue: add a direct video URL, a YouTube link or an uploaded video; remove;
 * reorder. Who may edit follows the room's control policy. Every change appends one
 * {@code room.queue} event with the whole queue (at most {@code JUNTOS_ROOMS_MAX_QUEUE} items).
 */
final class RoomQueue {
    private static final Pattern YOUTUBE_ID = Pattern.compile("[A-Za-z0-9_-]{11}");
    private static final Pattern YOUTUBE_PATH = Pattern.compile("^/(?:embed|shorts|live|v)/([A-Za-z0-9_-]{11})/?$");

    private final Jdbi jdbi;
    private final RoomStore store;
    private final RoomReads reads;
    private final RoomEvents events;
    private final RoomPlayback playback;
    private final Media media;
    private final RoomsConfig cfg;
    private final Clock clock;

    RoomQueue(Jdbi jdbi, RoomStore store, RoomReads reads, RoomEvents events, RoomPlayback playback, Media media, RoomsConfig cfg, Clock clock) {
        this.jdbi = jdbi;
        this.store = store;
        this.reads = reads;
        this.events = events;
        this.playback = playback;
        this.media = media;
        this.cfg = cfg;
        this.clock = clock;
    }

    record AddRequest(String url, String mediaId, String title) {
    }

    /** What a URL is: a YouTube video (by id) or a direct http(s) file. */
    record Source(String kind, String source) {
    }

    /** Parses what a user pasted; anything but http(s) and YouTube links is refused with the field. */
    static Source parse(String url) {
        URI u;
        try {
            u = new URI(url.strip());
        } catch (URISyntaxException e) {
            throw badUrl();
        }
        String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || u.getHost() == null) throw badUrl();
        String host = u.getHost().toLowerCase(Locale.ROOT).replaceFirst("^(www\\.|m\\.|music\\.)", "");
        String path = u.getPath() == null ? "" : u.getPath();
        if (host.equals("youtu.be")) return youtube(path.replaceFirst("^/", "").replaceFirst("/$", ""));
        if (host.equals("youtube.com") || host.equals("youtube-nocookie.com")) {
            if (path.equals("/watch")) return youtube(query(u.getRawQuery(), "v"));
            Matcher m = YOUTUBE_PATH.matcher(path);
            if (m.matches()) return new Source("youtube", m.group(1));
            throw ApiException.invalid("url", "unsupported_url", "This YouTube link does not name a video.");
        }
        return new Source("url", u.toString());
    }

    private static Source youtube(String id) {
        if (id == null || !YOUTUBE_ID.matcher(id).matches()) throw ApiException.invalid("url", "unsupported_url", "This YouTube link does not name a video.");
        return new Source("youtube", id);
    }

    private static String query(String raw, String name) {
        if (raw == null) return null;
        for (String kv : raw.split("&")) if (kv.startsWith(name + "=")) return kv.substring(name.length() + 1);
        return null;
    }

    private static ApiException badUrl() {
        return ApiException.invalid("url", "unsupported_url", "Use an http(s) link to a video file or a YouTube link.");
    }

    List<RoomView.QueueItem> add(String userId, String roomId, AddRequest r) {
        if ((r.url() == null) == (r.mediaId() == null)) throw ApiException.invalid("url", "required", "Give exactly one of url or mediaId.");
        if (r.url() != null && r.url().length() > 2048) throw ApiException.invalid("url", "too_long", "Must be at most 2048 characters.");
        if (r.title() != null && r.title().codePointCount(0, r.title().length()) > 200) throw ApiException.invalid("title", "too_long", "Must be at most 200 characters.");
        Source src = r.url() != null ? parse(r.url()) : null;
        return changeQueue(userId, roomId, h -> {
            var q = store.queue(h, roomId);
            if (q.size() >= cfg.maxQueueItems()) throw ApiException.conflict("queue_full", null, "The queue holds at most " + cfg.maxQueueItems() + " items.");
            String id = Ids.newId();
            String kind = src != null ? src.kind() : "media";
            String source = src != null ? src.source() : r.mediaId();
            String title = r.title() != null && !r.title().isBlank() ? r.title().strip() : defaultTitle(src);
            store.addItem(h, new RoomStore.QueueRow(id, roomId, q.size(), kind, source, title, null, userId, clock.millis()));
            if (src == null) attachVideo(h, userId, id, r.mediaId());
        });
    }

    /** An uploaded video joins the queue item in this transaction: ready, the caller's, and a video, or 422 on mediaId. */
    private void attachVideo(Handle h, String userId, String itemId, String mediaId) {
        List<MediaView> files;
        try {
            files = media.attach(h, userId, RoomReads.MEDIA_PARENT, itemId, List.of(mediaId), "mediaId");
        } catch (ApiException e) {
            // media names the field mediaId[0]; ours is a single id.
            var first = e.errors().isEmpty() ? null : e.errors().getFirst();
            throw first == null ? e : ApiException.invalid("mediaId", first.code(), first.message());
        }
        String type = files.getFirst().contentType();
        if (type == null || !type.startsWith("video/")) throw ApiException.invalid("mediaId", "not_a_video", "Only videos (MP4, WebM) can be played in a room.");
        if (!"ready".equals(files.getFirst().state())) throw ApiException.invalid("mediaId", "media_not_ready", "Complete the upload first.");
    }

    private static String defaultTitle(Source src) {
        if (src == null) return "Uploaded video";
        if (src.kind().equals("youtube")) return "YouTube video " + src.source();
        String path = URI.create(src.source()).getPath();
        String name = path == null || path.isEmpty() || path.equals("/") ? src.source() : path.substring(path.lastIndexOf('/') + 1);
        return name.length() > 200 ? name.substring(0, 200) : name;
    }

    List<RoomView.QueueItem> remove(String userId, String roomId, String itemId) {
        return changeQueue(userId, roomId, h -> {
            if (itemId == null || !Ids.isWellFormed(itemId) || !store.removeItem(h, roomId, itemId)) throw ApiException.notFound("The queue item");
            media.deleteForParent(h, RoomReads.MEDIA_PARENT, itemId);
            var rest = store.queue(h, roomId);
            for (int i = 0; i < rest.size(); i++) if (rest.get(i).ord() != i) store.setOrder(h, rest.get(i).id(), i);
        });
    }

    record ReorderRequest(List<String> order) {
    }

    List<RoomView.QueueItem> reorder(String userId, String roomId, ReorderRequest r) {
        if (r.order() == null) throw ApiException.invalid("order", "required", "List every queue item id in the new order.");
        return changeQueue(userId, roomId, h -> {
            var q = store.queue(h, roomId);
            var ids = new HashSet<String>();
            q.forEach(x -> ids.add(x.id()));
            if (r.order().size() != q.size() || !ids.equals(new HashSet<>(r.order()))) {
                throw ApiException.invalid("order", "not_a_permutation", "List every queue item id exactly once.");
            }
            for (int i = 0; i < r.order().size(); i++) store.setOrder(h, r.order().get(i), i);
        });
    }

    /** The first item after {@code currentId} in the old order that is still queued (the current one was removed). */
    private static PlaybackState.Item survivorAfter(List<RoomStore.QueueRow> before, List<RoomView.QueueItem> now, String currentId) {
        var left = new HashSet<String>();
        now.forEach(i -> left.add(i.id()));
        boolean passed = false;
        for (var q : before) {
            if (q.id().equals(currentId)) passed = true;
            else if (passed && left.contains(q.id())) return RoomPlayback.item(q);
        }
        return null;
    }

    /**
     * One queue edit under the room's lock: the edit, a {@code room.queue} event, and if the
     * current item is gone (or there was none) the playback moves to the next item.
     */
    private List<RoomView.QueueItem> changeQueue(String userId, String roomId, java.util.function.Consumer<Handle> edit) {
        @SuppressWarnings("unchecked")
        List<RoomView.QueueItem>[] out = new List[1];
        playback.change(roomId, (h, s) -> {
            reads.controller(h, roomId, userId);
            var before = store.queue(h, roomId);
            edit.accept(h);
            out[0] = reads.queue(h, roomId);
            events.append(h, roomId, "room.queue", Map.of("items", out[0]));
            boolean currentGone = s.item() == null || out[0].stream().noneMatch(i -> i.id().equals(s.item().id()));
            if (!currentGone) return s;
            PlaybackState.Item next = s.item() == null ? playback.following(h, roomId, s) : survivorAfter(before, out[0], s.item().id());
            long now = clock.millis();
            if (next == null) return s.item() == null ? s : new PlaybackState.Paused(null, 0, now, s.rate(), s.version() + 1);
            // A first video waits paused for the controller's play; a replaced current one keeps the room's state.
            return s.item() == null ? new PlaybackState.Paused(next, 0, now, s.rate(), s.version() + 1)
                    : io.juntos.playback.Transitions.apply(s, new io.juntos.playback.Action.Load(next), now);
        }, true);
        return out[0];
    }
}
