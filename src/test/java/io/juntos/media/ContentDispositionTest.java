package io.juntos.media;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ContentDispositionTest {
    @Test
    void plainNameIsQuotedAndEncoded() {
        assertThat(ContentDisposition.of(true, "cat.jpg")).isEqualTo("inline; filename=\"cat.jpg\"; filename*=UTF-8''cat.jpg");
    }

    @Test
    void quotesBackslashesAndLineBreaksCannotEscapeTheHeader() {
        String v = ContentDisposition.of(false, "a\"; filename=evil.html\r\nSet-Cookie: x=1\\.pdf");
        assertThat(v).doesNotContain("\r").doesNotContain("\n");
        assertThat(v).startsWith("attachment; filename=\"a_; filename=evil.html__Set-Cookie: x=1_.pdf\"; filename*=UTF-8''");
        assertThat(v.substring(v.indexOf("filename*="))).doesNotContain("\"").doesNotContain(" ").doesNotContain(";");
    }

    @Test
    void nonAsciiNamesKeepTheirExactUtf8Form() {
        assertThat(ContentDisposition.of(true, "café 東京.png"))
                .isEqualTo("inline; filename=\"caf_ __.png\"; filename*=UTF-8''caf%C3%A9%20%E6%9D%B1%E4%BA%AC.png");
    }
}
