package io.juntos.crdt.js;

import static org.assertj.core.api.Assertions.assertThat;

import io.juntos.crdt.MarkType;
import io.juntos.crdt.TextDoc;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The JavaScript decoder, like the Java one, answers any bytes with a CrdtError at worst. */
class JsDecoderFuzzTest {

    @Test
    void randomAndCorruptedBytesOnlyRaiseCrdtErrorsInTheBrowser() {
        TextDoc source = new TextDoc(1);
        source.insert(0, "hello wonderful world \u00e9\uD83D\uDE00");
        source.delete(6, 10);
        source.format(0, 5, MarkType.BOLD, "true");
        source.format(6, 3, MarkType.LINK, "https://x.test");
        List<String> seeds = List.of(Base64.getEncoder().encodeToString(source.encodeStateAsUpdate()),
                Base64.getEncoder().encodeToString(source.encodeSnapshot()));
        try (BrowserJs js = BrowserJs.launch()) {
            Object result = js.eval("""
                    (seeds) => {
                      const { TextDoc, CrdtError } = window.crdt;
                      const b64 = (s) => Uint8Array.from(atob(s), (c) => c.charCodeAt(0));
                      let seed = 4242;
                      const rnd = (n) => { seed = (seed * 1103515245 + 12345) % 2147483648; return seed % n; };
                      const bad = [];
                      let rejected = 0, applied = 0;
                      for (let i = 0; i < 3000; i++) {
                        let bytes;
                        if (i % 3 === 0) {
                          bytes = new Uint8Array(rnd(40));
                          for (let k = 0; k < bytes.length; k++) bytes[k] = rnd(256);
                        } else {
                          bytes = b64(seeds[i % 2]);
                          if (rnd(2)) bytes = bytes.slice(0, rnd(bytes.length));
                          for (let f = 1 + rnd(3); f > 0; f--) bytes[rnd(bytes.length || 1)] = rnd(256);
                        }
                        const doc = new TextDoc(2);
                        doc.insert(0, 'mine');
                        try {
                          doc.applyUpdate(bytes);
                          applied++;
                        } catch (e) {
                          if (!(e instanceof CrdtError)) bad.push(`${i}: ${e && e.stack}`);
                          else rejected++;
                        }
                        // Accepted or rejected, the document must stay consistent.
                        try {
                          const again = TextDoc.fromSnapshot(3, doc.encodeSnapshot());
                          if (again.text() !== doc.text()) bad.push(`snapshot round trip differs at ${i}`);
                          doc.spans();
                        } catch (e) {
                          bad.push(`${i}: inconsistent after update: ${e && e.stack}`);
                        }
                      }
                      return { bad: bad.slice(0, 5), rejected, applied };
                    }
                    """, seeds);
            @SuppressWarnings("unchecked")
            Map<String, Object> r = (Map<String, Object>) result;
            assertThat((List<?>) r.get("bad")).isEmpty();
            assertThat(((Number) r.get("rejected")).intValue()).isGreaterThan(1000);
        }
    }
}
