package io.juntos.crdt.vectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.juntos.crdt.CausalBufferOverflowException;
import io.juntos.crdt.CrdtDoc;
import io.juntos.crdt.Limits;
import io.juntos.crdt.ListDoc;
import io.juntos.crdt.MalformedUpdateException;
import io.juntos.crdt.TextDoc;
import io.juntos.crdt.UnsupportedFormatException;
import io.juntos.crdt.js.BrowserJs;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The checked-in vectors pass in Java and in the JavaScript twin (in Chromium). */
class SharedVectorsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    static JsonNode vectors() throws IOException {
        try (InputStream in = SharedVectorsTest.class.getResourceAsStream("/crdt/vectors/vectors.json")) {
            return JSON.readTree(in).get("vectors");
        }
    }

    @Test
    void javaEngineReproducesEveryVector() throws IOException {
        int checked = 0;
        for (JsonNode v : vectors()) {
            int limit = v.path("maxBufferedOps").asInt(Limits.DEFAULT_MAX_BUFFERED_OPS);
            CrdtDoc doc = v.get("doc").asText().equals("list") ? new ListDoc(999, new Limits(limit)) : new TextDoc(999, new Limits(limit));
            List<byte[]> updates = new ArrayList<>();
            v.get("updates").forEach(u -> updates.add(Base64.getDecoder().decode(u.asText())));
            String name = v.get("name").asText();
            if (v.has("error")) {
                for (int i = 0; i < updates.size() - 1; i++) {
                    doc.applyUpdate(updates.get(i));
                }
                Class<?> expected = switch (v.get("error").asText()) {
                    case "malformed" -> MalformedUpdateException.class;
                    case "unsupported-format" -> UnsupportedFormatException.class;
                    default -> CausalBufferOverflowException.class;
                };
                assertThatThrownBy(() -> doc.applyUpdate(updates.getLast())).as(name).isInstanceOf(expected);
                assertThat(((TextDoc) doc).text()).as(name).isEqualTo(v.get("text").asText());
            } else {
                updates.forEach(doc::applyUpdate);
                if (doc instanceof TextDoc t) {
                    assertThat(t.text()).as(name).isEqualTo(v.get("text").asText());
                    assertThat((JsonNode) JSON.valueToTree(t.spans())).as(name).isEqualTo(v.get("spans"));
                } else {
                    assertThat((JsonNode) JSON.valueToTree(((ListDoc) doc).elements())).as(name).isEqualTo(v.get("elements"));
                }
            }
            checked++;
        }
        assertThat(checked).isGreaterThanOrEqualTo(15);
    }

    /** Snapshot (base64) of every text vector's end state as the Java engine encodes it. */
    private static Map<String, String> javaSnapshots() throws IOException {
        Map<String, String> out = new java.util.HashMap<>();
        for (JsonNode v : vectors()) {
            if (!v.has("error") && v.get("doc").asText().equals("text")) {
                TextDoc doc = new TextDoc(999);
                v.get("updates").forEach(u -> doc.applyUpdate(Base64.getDecoder().decode(u.asText())));
                out.put(v.get("name").asText(), Base64.getEncoder().encodeToString(doc.encodeSnapshot()));
            }
        }
        return out;
    }

    @Test
    void javascriptTwinReproducesEveryVectorInChromium() throws IOException {
        Map<String, String> snapshots = javaSnapshots();
        try (BrowserJs js = BrowserJs.launch()) {
            Object result = js.eval("""
                    async (javaSnapshots) => {
                      const { TextDoc, ListDoc, MalformedUpdateError, UnsupportedFormatError,
                              CausalBufferOverflowError } = window.crdt;
                      const vectors = (await (await fetch('/vectors/vectors.json')).json()).vectors;
                      const b64 = (s) => Uint8Array.from(atob(s), (c) => c.charCodeAt(0));
                      const failures = [];
                      const errors = { 'malformed': MalformedUpdateError, 'unsupported-format': UnsupportedFormatError,
                                       'buffer-overflow': CausalBufferOverflowError };
                      for (const v of vectors) {
                        try {
                          const opts = v.maxBufferedOps === undefined ? undefined : { maxBufferedOps: v.maxBufferedOps };
                          const doc = v.doc === 'list' ? new ListDoc(999, opts) : new TextDoc(999, opts);
                          const updates = v.updates.map(b64);
                          if (v.error) {
                            updates.slice(0, -1).forEach((u) => doc.applyUpdate(u));
                            let thrown = null;
                            try { doc.applyUpdate(updates[updates.length - 1]); } catch (e) { thrown = e; }
                            if (!(thrown instanceof errors[v.error])) failures.push(`${v.name}: expected ${v.error}, got ${thrown}`);
                            if (doc.text() !== v.text) failures.push(`${v.name}: document changed by a failed update`);
                            continue;
                          }
                          updates.forEach((u) => doc.applyUpdate(u));
                          if (v.doc === 'list') {
                            if (JSON.stringify(doc.elements()) !== JSON.stringify(v.elements)) failures.push(`${v.name}: elements ${JSON.stringify(doc.elements())}`);
                          } else {
                            if (doc.text() !== v.text) failures.push(`${v.name}: text ${JSON.stringify(doc.text())}`);
                            const norm = (spans) => JSON.stringify(spans.map((s) => ({ text: s.text,
                              marks: Object.fromEntries(Object.entries(s.marks).sort()) })));
                            if (norm(doc.spans()) !== norm(v.spans)) failures.push(`${v.name}: spans ${JSON.stringify(doc.spans())}`);
                            // Same updates in the same order: the two engines must build the same runs.
                            const snap = doc.encodeSnapshot();
                            let s = ''; for (const b of snap) s += String.fromCharCode(b);
                            if (btoa(s) !== javaSnapshots[v.name]) failures.push(`${v.name}: snapshot bytes differ from Java`);
                          }
                        } catch (e) {
                          failures.push(`${v.name}: ${e.stack || e}`);
                        }
                      }
                      return { checked: vectors.length, failures };
                    }
                    """, snapshots);
            @SuppressWarnings("unchecked")
            Map<String, Object> r = (Map<String, Object>) result;
            assertThat((List<?>) r.get("failures")).isEmpty();
            assertThat(((Number) r.get("checked")).intValue()).isGreaterThanOrEqualTo(15);
        }
    }
}
