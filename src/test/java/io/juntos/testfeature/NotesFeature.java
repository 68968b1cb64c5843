package io.juntos.testfeature;

import io.javalin.config.RoutesConfig;
import io.juntos.Feature;
import io.juntos.FeatureContext;
import io.juntos.Platform;
import io.juntos.gateway.Backfill;
import io.juntos.gateway.Caller;
import io.juntos.gateway.Gateway;
import io.juntos.http.ApiException;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A feature that exists only in tests, built on nothing but the public platform API: boards of
 * notes, each an ordered stream {@code note.<board>} kept in memory. It adds a REST route, frame
 * handlers, a sequenced stream with its backfill, an OpenAPI fragment and a CSP source, which
 * proves a new feature needs no change outside its own package.
 */
public final class NotesFeature implements Feature {
    static final String PREFIX = "note.";

    private final Platform platform;
    private final Map<String, List<String>> boards = new ConcurrentHashMap<>();
    private final Map<String, Set<String>> subscriptions = new ConcurrentHashMap<>();
    private Gateway gateway;

    public NotesFeature(Platform platform) {
        this.platform = platform;
    }

    record BoardRef(String board) {
    }

    /** {@code count}: REST only, adds that many notes at once (tests need hundreds quickly). */
    record AddNote(String board, String text, Integer count) {
    }

    @Override
    public void install(FeatureContext ctx) {
        this.gateway = ctx.gateway();
        ctx.routes(this::routes);
        ctx.openApi("openapi/test-notes.json");
        ctx.csp("frame-src", "https://notes.example");
        ctx.stream(PREFIX, new Store());
        gateway.onAuthenticated(c -> subscriptions.getOrDefault(c.userId(), Set.of()).forEach(b -> c.follow(PREFIX + b)));
        ctx.frames(PREFIX)
                .on("note.subscribe", BoardRef.class, this::subscribe)
                .on("note.add", AddNote.class, (c, r) -> Map.of("seq", add(r.board(), r.text())));
    }

    private void routes(RoutesConfig r) {
        r.post("/api/test-notes/{board}", ctx -> {
            platform.authenticator().require(ctx);
            AddNote body = platform.bodies().read(ctx, AddNote.class);
            long seq = 0;
            for (int i = 0; i < (body.count() == null ? 1 : body.count()); i++) seq = add(ctx.pathParam("board"), body.text());
            ctx.status(201).json(Map.of("seq", seq));
        });
    }

    private Object subscribe(Caller c, BoardRef r) {
        if (r.board() == null || r.board().isBlank()) throw ApiException.invalid("board", "required", "Name a board.");
        subscriptions.computeIfAbsent(c.userId(), k -> ConcurrentHashMap.newKeySet()).add(r.board());
        c.follow(PREFIX + r.board());
        return Map.of();
    }

    /** Appends and publishes under the board's lock, so seqs go out in order (as a transaction would). */
    private long add(String board, String text) {
        List<String> notes = boards.computeIfAbsent(board, k -> new ArrayList<>());
        synchronized (notes) {
            notes.add(text);
            long seq = notes.size();
            gateway.publishSequenced(PREFIX + board, seq, "note.added", Map.of("board", board, "seq", seq, "text", text));
            return seq;
        }
    }

    /** The stream's store: seq n is the n-th note of the board. */
    private final class Store implements Backfill {
        @Override
        public List<Sequenced> after(String stream, long afterSeq, int limit) {
            String board = stream.substring(PREFIX.length());
            List<String> notes = boards.getOrDefault(board, List.of());
            List<Sequenced> out = new ArrayList<>();
            synchronized (notes) {
                for (long seq = afterSeq + 1; seq <= notes.size() && out.size() < limit; seq++) {
                    String text = notes.get((int) seq - 1);
                    out.add(new Sequenced(seq, gateway.frames().event("note.added", Map.of("board", board, "seq", seq, "text", text))));
                }
            }
            return out;
        }

        @Override
        public long latest(String stream) {
            List<String> notes = boards.getOrDefault(stream.substring(PREFIX.length()), List.of());
            synchronized (notes) {
                return notes.size();
            }
        }
    }
}
