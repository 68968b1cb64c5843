package io.juntos.media;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** What the S3 store signs, checked without a server: the request a browser will make. */
class S3MediaStoreTest {
    private static S3MediaStore aws(boolean pathStyle) {
        return S3MediaStore.create(new MediaConfig.S3("bucket", null, "eu-west-1", pathStyle, "AKIDEXAMPLE", "secret", "juntos/"));
    }

    @Test
    void cspOriginFollowsTheAddressingStyle() {
        try (var virtual = aws(false); var path = aws(true)) {
            assertThat(virtual.origin()).isEqualTo("https://bucket.s3.eu-west-1.amazonaws.com");
            assertThat(path.origin()).isEqualTo("https://s3.eu-west-1.amazonaws.com");
        }
    }

    @Test
    void presignedPutBindsTypeAndLengthButAsksTheBrowserOnlyForTheType() {
        try (var store = aws(false)) {
            var signed = store.signUpload("incoming/01hx0000000000000000000000", MediaType.PNG, 1234, Instant.now().plus(Duration.ofMinutes(15)));
            String url = signed.url().toString();
            assertThat(url).startsWith("https://bucket.s3.eu-west-1.amazonaws.com/juntos/incoming/01hx0000000000000000000000?");
            assertThat(url).contains("X-Amz-Expires=").contains("X-Amz-SignedHeaders=content-length%3Bcontent-type%3Bhost");
            assertThat(signed.headers()).containsExactly(java.util.Map.entry("Content-Type", "image/png"));
            assertThat(signed.method()).isEqualTo("PUT");
        }
    }

    @Test
    void presignedGetForcesTypeAndASafeDisposition() {
        try (var store = aws(false)) {
            String url = store.signDownload("objects/01hx0000000000000000000000", MediaType.PDF, "a\"b.pdf", Instant.now().plusSeconds(600)).toString();
            assertThat(url).contains("response-content-type=application%2Fpdf")
                    .contains("response-content-disposition=attachment%3B%20filename%3D%22a_b.pdf%22");
        }
    }
}
