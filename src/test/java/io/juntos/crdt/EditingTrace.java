package io.juntos.crdt;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/**
 * An editing trace from {@code ../shared/traces/} (josephg/editing-traces format, see the
 * README there). Patches are flattened into parallel arrays so replay allocates nothing.
 */
public record EditingTrace(String endContent, int[] txnOfPatch, int[] pos, int[] del, String[] ins,
                           int[] agent, int[][] parents) {

    /** Where the traces live: beside the repository, never copied into it. */
    public static Path path(String name) {
        return Path.of("..", "shared", "traces", name);
    }

    public static EditingTrace load(Path file) {
        try (InputStream in = new GZIPInputStream(Files.newInputStream(file), 1 << 16)) {
            return parse(new ObjectMapper().readTree(in));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static EditingTrace parse(JsonNode root) {
        JsonNode txns = root.get("txns");
        int patches = 0;
        for (JsonNode t : txns) {
            patches += t.get("patches").size();
        }
        int[] txnOf = new int[patches];
        int[] pos = new int[patches];
        int[] del = new int[patches];
        String[] ins = new String[patches];
        int[] agent = new int[txns.size()];
        int[][] parents = new int[txns.size()][];
        int p = 0;
        for (int t = 0; t < txns.size(); t++) {
            JsonNode txn = txns.get(t);
            agent[t] = txn.path("agent").asInt(0);
            JsonNode ps = txn.get("parents");
            parents[t] = new int[ps == null ? 0 : ps.size()];
            for (int i = 0; i < parents[t].length; i++) {
                parents[t][i] = ps.get(i).asInt();
            }
            for (JsonNode patch : txn.get("patches")) {
                txnOf[p] = t;
                pos[p] = patch.get(0).asInt();
                del[p] = patch.get(1).asInt();
                ins[p] = patch.get(2).asText();
                p++;
            }
        }
        return new EditingTrace(root.get("endContent").asText(), txnOf, pos, del, ins, agent, parents);
    }

    public int patchCount() {
        return pos.length;
    }

    /** Replays a sequential trace into a fresh document. */
    public TextDoc replay(int replicaId) {
        TextDoc doc = new TextDoc(replicaId);
        for (int i = 0; i < pos.length; i++) {
            if (del[i] > 0) {
                doc.delete(pos[i], del[i]);
            }
            if (!ins[i].isEmpty()) {
                doc.insert(pos[i], ins[i]);
            }
        }
        return doc;
    }
}
