package io.juntos.rooms;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.juntos.playback.PlaybackState;
import io.juntos.playback.PlaybackState.Item;
import io.juntos.playback.PlaybackState.Paused;
import io.juntos.playback.PlaybackState.Playing;
import io.juntos.playback.PlaybackState.Waiting;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The playback state as clients and the store see it: {@code state} (playing | paused |
 * buffering), the item, {@code position} seconds at server time {@code atMs}, {@code rate},
 * {@code version}, and while buffering the members waited for.
 */
final class PlaybackJson {
    private final ObjectMapper mapper;

    PlaybackJson(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    static Map<String, Object> view(PlaybackState s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("state", s.name());
        m.put("item", s.item());
        m.put("position", s.position());
        m.put("atMs", s.atMs());
        m.put("rate", s.rate());
        m.put("version", s.version());
        if (s instanceof Waiting w) {
            m.put("waitingFor", List.copyOf(w.waitingFor()));
            m.put("waitingSinceMs", w.sinceMs());
        }
        return m;
    }

    String write(PlaybackState s) {
        try {
            return mapper.writeValueAsString(view(s));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    PlaybackState read(String json) {
        try {
            JsonNode n = mapper.readTree(json);
            JsonNode i = n.path("item");
            Item item = i.isObject() ? new Item(i.path("id").asText(), i.path("kind").asText(), i.path("source").asText(),
                    i.path("duration").isNumber() ? i.path("duration").asDouble() : null) : null;
            double pos = n.path("position").asDouble();
            long at = n.path("atMs").asLong();
            double rate = n.path("rate").asDouble(1.0);
            long v = n.path("version").asLong();
            return switch (n.path("state").asText()) {
                case "playing" -> new Playing(item, pos, at, rate, v);
                case "buffering" -> {
                    Set<String> waiting = new HashSet<>();
                    n.path("waitingFor").forEach(x -> waiting.add(x.asText()));
                    yield new Waiting(item, pos, at, rate, v, waiting, n.path("waitingSinceMs").asLong(at));
                }
                default -> new Paused(item, pos, at, rate, v);
            };
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unreadable playback snapshot", e);
        }
    }
}
