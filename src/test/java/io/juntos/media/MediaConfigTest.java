package io.juntos.media;

import io.juntos.config.ConfigException;
import io.juntos.config.CoreConfig;
import io.juntos.config.Env;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MediaConfigTest {
    private static MediaConfig read(Map<String, String> vars) {
        Env env = new Env(vars);
        return MediaConfig.from(env, CoreConfig.from(env));
    }

    @Test
    void defaultsAreTheLocalFolderAndTheDocumentedLimits() {
        MediaConfig c = read(Map.of("JUNTOS_DATA_DIR", "/tmp/juntos-x"));
        assertThat(c.backend()).isEqualTo(MediaConfig.Backend.LOCAL);
        assertThat(c.localDir().toString()).isEqualTo("/tmp/juntos-x/media");
        assertThat(c.maxBytes(MediaType.JPEG)).isEqualTo(20L << 20);
        assertThat(c.maxBytes(MediaType.MP4)).isEqualTo(500L << 20);
        assertThat(c.uploadUrlTtl()).isEqualTo(Duration.ofMinutes(15));
        assertThat(c.allowedTypes()).containsExactlyInAnyOrderElementsOf(MediaConfig.DEFAULT_TYPES);
        assertThat(c.thumbnailPx()).isEqualTo(320);
        assertThat(c.s3()).isNull();
    }

    @Test
    void s3BackendNeedsABucket() {
        assertThatThrownBy(() -> read(Map.of("JUNTOS_MEDIA_BACKEND", "s3")))
                .isInstanceOf(ConfigException.class).extracting(e -> ((ConfigException) e).variable()).isEqualTo("JUNTOS_S3_BUCKET");
    }

    @Test
    void s3KeysComeInPairsAndTheSecretIsNeverPrinted() {
        assertThatThrownBy(() -> read(Map.of("JUNTOS_MEDIA_BACKEND", "s3", "JUNTOS_S3_BUCKET", "b", "JUNTOS_S3_ACCESS_KEY", "AK")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("JUNTOS_S3_SECRET_KEY");
        MediaConfig c = read(Map.of("JUNTOS_MEDIA_BACKEND", "S3", "JUNTOS_S3_BUCKET", "b", "JUNTOS_S3_ACCESS_KEY", "AK",
                "JUNTOS_S3_SECRET_KEY", "very-secret", "JUNTOS_S3_ENDPOINT", "http://127.0.0.1:9000", "JUNTOS_S3_PREFIX", "juntos"));
        assertThat(c.s3().pathStyle()).isTrue();
        assertThat(c.s3().prefix()).isEqualTo("juntos/");
        assertThat(c.toString()).doesNotContain("very-secret");
    }

    @Test
    void unknownBackendTypeOrTtlIsRefusedNamingTheVariable() {
        assertThatThrownBy(() -> read(Map.of("JUNTOS_MEDIA_BACKEND", "ftp"))).hasMessageStartingWith("JUNTOS_MEDIA_BACKEND");
        assertThatThrownBy(() -> read(Map.of("JUNTOS_MEDIA_ALLOWED_TYPES", "image/png,text/html"))).hasMessageStartingWith("JUNTOS_MEDIA_ALLOWED_TYPES");
        assertThatThrownBy(() -> read(Map.of("JUNTOS_MEDIA_URL_TTL", "8d"))).hasMessageStartingWith("JUNTOS_MEDIA_URL_TTL");
        assertThatThrownBy(() -> read(Map.of("JUNTOS_MEDIA_MAX_IMAGE_BYTES", "lots"))).hasMessageStartingWith("JUNTOS_MEDIA_MAX_IMAGE_BYTES");
    }

    @Test
    void pdfCanBeAllowedAndGetsTheFileLimit() {
        MediaConfig c = read(Map.of("JUNTOS_MEDIA_ALLOWED_TYPES", "image/jpeg, application/pdf", "JUNTOS_MEDIA_MAX_FILE_BYTES", "5MiB"));
        assertThat(c.allowedTypes()).containsExactlyInAnyOrder(MediaType.JPEG, MediaType.PDF);
        assertThat(c.maxBytes(MediaType.PDF)).isEqualTo(5L << 20);
    }
}
