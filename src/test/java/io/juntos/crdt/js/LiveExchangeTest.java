package io.juntos.crdt.js;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.juntos.crdt.CrdtDoc;
import io.juntos.crdt.ListDoc;
import io.juntos.crdt.MarkType;
import io.juntos.crdt.TextDoc;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Java and JavaScript replicas edit the same documents concurrently and exchange their
 * live updates over a simulated network (random order and delays); any divergence
 * between the two implementations fails the build.
 */
class LiveExchangeTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String JS_SETUP = """
            (kind) => {
              const { TextDoc, ListDoc } = window.crdt;
              window.toB64 = (u) => { let s = ''; for (const b of u) s += String.fromCharCode(b); return btoa(s); };
              window.fromB64 = (s) => Uint8Array.from(atob(s), (c) => c.charCodeAt(0));
              window.docs = kind === 'list' ? [new ListDoc(301), new ListDoc(302)] : [new TextDoc(301), new TextDoc(302)];
              window.outbox = [];
              window.docs.forEach((d, i) => d.observeUpdates((u) => window.outbox.push({ from: 2 + i, b64: toB64(u) })));
              let seed = 12345;
              window.rnd = (n) => { seed = (seed * 1103515245 + 12345) % 2147483648; return seed % n; };
            }
            """;
    private static final String JS_TEXT_EDITS = """
            (n) => {
              const marks = ['bold', 'italic', 'strikethrough', 'code', 'link'];
              for (const d of window.docs) {
                for (let k = 0; k < n; k++) {
                  const len = d.length, kind = rnd(10);
                  if (kind < 6 || len === 0) d.insert(rnd(len + 1), 'jsJS'.charAt(rnd(4)).repeat(1 + rnd(3)));
                  else if (kind < 9) { const at = rnd(len); d.delete(at, Math.min(1 + rnd(3), len - at)); }
                  else { const at = rnd(len); d.format(at, 1 + rnd(len - at), marks[rnd(5)], rnd(3) ? 'https://js.test' : null); }
                }
              }
              return window.outbox.splice(0);
            }
            """;
    private static final String JS_LIST_EDITS = """
            (n) => {
              for (const d of window.docs) {
                for (let k = 0; k < n; k++) {
                  const size = d.size, kind = rnd(10);
                  if (kind < 3 || size < 2) d.insert(rnd(size + 1), 'js-' + d.replicaId + '-' + rnd(1000000));
                  else if (kind < 9) d.move(rnd(size), rnd(size));
                  else d.remove(rnd(size));
                }
              }
              return window.outbox.splice(0);
            }
            """;

    private record Message(int from, byte[] bytes) {
    }

    /** Replicas 0,1 are Java, 2,3 JavaScript; every update goes to the three others, delayed at random. */
    private static final class Net {
        final Random random = new Random(99);
        final List<List<Message>> pending = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>(), new ArrayList<>());

        void send(Message m) {
            for (int to = 0; to < 4; to++) {
                if (to != m.from) {
                    pending.get(to).add(m);
                }
            }
        }

        /** Takes a random subset (or everything) of what waits for {@code to}, in random order. */
        List<Message> take(int to, boolean all) {
            List<Message> q = pending.get(to);
            List<Message> out = new ArrayList<>();
            for (int i = q.size() - 1; i >= 0; i--) {
                if (all || random.nextInt(3) > 0) {
                    out.add(q.remove(i));
                }
            }
            java.util.Collections.shuffle(out, random);
            return out;
        }
    }

    @Test
    void javaAndJavascriptTextReplicasConvergeUnderConcurrentEditing() throws Exception {
        try (BrowserJs js = BrowserJs.launch()) {
            js.eval(JS_SETUP, "text");
            List<TextDoc> java = List.of(new TextDoc(201), new TextDoc(202));
            Random random = new Random(7);
            Net net = exchange(js, java, JS_TEXT_EDITS, doc -> javaTextEdit((TextDoc) doc, random));
            String text = java.get(0).text();
            assertThat(java.get(1).text()).isEqualTo(text);
            assertThat(text.length()).isGreaterThan(50);
            @SuppressWarnings("unchecked")
            List<String> jsTexts = (List<String>) js.eval("() => window.docs.map((d) => d.text())");
            assertThat(jsTexts).containsOnly(text);
            JsonNode javaSpans = JSON.valueToTree(java.get(0).spans());
            for (int i = 0; i < 2; i++) {
                JsonNode jsSpans = JSON.readTree((String) js.eval("(i) => JSON.stringify(window.docs[i].spans())", i));
                assertThat(jsSpans).isEqualTo(javaSpans);
                assertThat((JsonNode) JSON.valueToTree(java.get(i).spans())).isEqualTo(javaSpans);
            }
            byte[] jsSnapshot = Base64.getDecoder().decode((String) js.eval("() => toB64(window.docs[0].encodeSnapshot())"));
            assertThat(TextDoc.fromSnapshot(500, jsSnapshot).text()).isEqualTo(text);
            String b64 = Base64.getEncoder().encodeToString(java.get(1).encodeSnapshot());
            assertThat(js.eval("(s) => window.crdt.TextDoc.fromSnapshot(501, fromB64(s)).text()", b64)).isEqualTo(text);
            assertThat(net.pending).allMatch(List::isEmpty);
        }
    }

    @Test
    void javaAndJavascriptListReplicasAgreeOnConcurrentMoves() {
        try (BrowserJs js = BrowserJs.launch()) {
            js.eval(JS_SETUP, "list");
            List<ListDoc> java = List.of(new ListDoc(201), new ListDoc(202));
            Random random = new Random(11);
            int[] fresh = {0};
            exchange(js, java, JS_LIST_EDITS, doc -> {
                ListDoc d = (ListDoc) doc;
                int size = d.size();
                int kind = random.nextInt(10);
                if (kind < 3 || size < 2) {
                    d.insert(random.nextInt(size + 1), "java-" + d.replicaId() + "-" + fresh[0]++);
                } else if (kind < 9) {
                    d.move(random.nextInt(size), random.nextInt(size));
                } else {
                    d.remove(random.nextInt(size));
                }
            });
            List<String> elements = java.get(0).elements();
            assertThat(java.get(1).elements()).isEqualTo(elements);
            assertThat(elements).doesNotHaveDuplicates().isNotEmpty();
            assertThat(js.eval("() => window.docs.map((d) => d.elements())")).isEqualTo(List.of(elements, elements));
        }
    }

    private interface Edit {
        void apply(CrdtDoc doc);
    }

    private static Net exchange(BrowserJs js, List<? extends CrdtDoc> java, String jsEdits, Edit javaEdit) {
        Net net = new Net();
        for (int i = 0; i < 2; i++) {
            int from = i;
            java.get(i).observeUpdates(bytes -> net.send(new Message(from, bytes)));
        }
        for (int round = 0; round < 40; round++) {
            for (CrdtDoc doc : java) {
                for (int k = 0; k < 2; k++) {
                    javaEdit.apply(doc);
                }
            }
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> out = (List<Map<String, Object>>) js.eval(jsEdits, 2);
            for (Map<String, Object> m : out) {
                net.send(new Message(((Number) m.get("from")).intValue(), Base64.getDecoder().decode((String) m.get("b64"))));
            }
            deliver(js, java, net, false);
        }
        deliver(js, java, net, true);
        return net;
    }

    private static void deliver(BrowserJs js, List<? extends CrdtDoc> java, Net net, boolean all) {
        for (int to = 0; to < 2; to++) {
            for (Message m : net.take(to, all)) {
                java.get(to).applyUpdate(m.bytes());
            }
        }
        List<Map<String, Object>> toJs = new ArrayList<>();
        for (int to = 2; to < 4; to++) {
            for (Message m : net.take(to, all)) {
                toJs.add(Map.of("to", to - 2, "b64", Base64.getEncoder().encodeToString(m.bytes())));
            }
        }
        js.eval("(msgs) => msgs.forEach((m) => window.docs[m.to].applyUpdate(fromB64(m.b64)))", toJs);
        if (all) {
            // JS replicas answer nothing here: their observers only fire on local edits.
            assertThat(js.eval("() => window.outbox.length")).isEqualTo(0);
        }
    }

    private static void javaTextEdit(TextDoc d, Random random) {
        int len = d.length();
        int kind = random.nextInt(10);
        if (kind < 6 || len == 0) {
            d.insert(random.nextInt(len + 1), "javaJAVA".substring(random.nextInt(8)).substring(0, 1).repeat(1 + random.nextInt(3)));
        } else if (kind < 9) {
            int at = random.nextInt(len);
            d.delete(at, Math.min(1 + random.nextInt(3), len - at));
        } else {
            int at = random.nextInt(len);
            d.format(at, 1 + random.nextInt(len - at), MarkType.values()[random.nextInt(5)],
                    random.nextInt(3) > 0 ? "https://java.test" : null);
        }
    }
}
