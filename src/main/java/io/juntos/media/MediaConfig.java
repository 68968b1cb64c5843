package io.juntos.media;

import io.juntos.config.ConfigException;
import io.juntos.config.CoreConfig;
import io.juntos.config.Env;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Every media setting and limit, read once from {@code JUNTOS_MEDIA_*} and {@code JUNTOS_S3_*},
 * validated at start (a bad value stops start-up naming the variable) and frozen afterwards.
 */
public record MediaConfig(
        Backend backend,
        Path localDir,
        Map<MediaType.Kind, Long> maxBytes,
        Set<MediaType> allowedTypes,
        Duration uploadUrlTtl,
        Duration downloadUrlTtl,
        long quotaBytes,
        int maxPendingUploads,
        Duration cleanupGrace,
        Duration sweepInterval,
        int thumbnailPx,
        S3 s3) {

    public enum Backend { LOCAL, S3 }

    /** Where an S3-compatible store is and how to sign for it. The secret never appears in {@link #toString()}. */
    public record S3(String bucket, URI endpoint, String region, boolean pathStyle, String accessKey, String secretKey, String prefix) {
        @Override
        public String toString() {
            return "S3[bucket=" + bucket + ", endpoint=" + endpoint + ", region=" + region + ", pathStyle=" + pathStyle + ", prefix=" + prefix + "]";
        }
    }

    public static final List<MediaType> DEFAULT_TYPES = List.of(MediaType.JPEG, MediaType.PNG, MediaType.WEBP, MediaType.GIF, MediaType.MP4, MediaType.WEBM);

    public static MediaConfig from(Env env, CoreConfig core) {
        Backend backend = backend(env.string("JUNTOS_MEDIA_BACKEND", "local"));
        Map<MediaType.Kind, Long> max = new EnumMap<>(MediaType.Kind.class);
        max.put(MediaType.Kind.IMAGE, env.bytes("JUNTOS_MEDIA_MAX_IMAGE_BYTES", 20L << 20));
        max.put(MediaType.Kind.VIDEO, env.bytes("JUNTOS_MEDIA_MAX_VIDEO_BYTES", 500L << 20));
        max.put(MediaType.Kind.FILE, env.bytes("JUNTOS_MEDIA_MAX_FILE_BYTES", 20L << 20));
        Duration uploadTtl = env.duration("JUNTOS_MEDIA_URL_TTL", Duration.ofMinutes(15));
        Duration downloadTtl = env.duration("JUNTOS_MEDIA_DOWNLOAD_TTL", Duration.ofMinutes(10));
        // SigV4 presigned URLs cannot live longer than seven days.
        if (uploadTtl.compareTo(Duration.ofDays(7)) > 0) throw new ConfigException("JUNTOS_MEDIA_URL_TTL", "must be at most 7d");
        if (downloadTtl.compareTo(Duration.ofDays(7)) > 0) throw new ConfigException("JUNTOS_MEDIA_DOWNLOAD_TTL", "must be at most 7d");
        return new MediaConfig(
                backend,
                Path.of(env.string("JUNTOS_MEDIA_DIR", core.dataDir().resolve("media").toString())).toAbsolutePath().normalize(),
                Map.copyOf(max),
                allowed(env.list("JUNTOS_MEDIA_ALLOWED_TYPES", DEFAULT_TYPES.stream().map(MediaType::mime).toList())),
                uploadTtl,
                downloadTtl,
                env.bytes("JUNTOS_MEDIA_QUOTA_BYTES", 2L << 30),
                env.integer("JUNTOS_MEDIA_MAX_PENDING", 20, 1, 10_000),
                env.duration("JUNTOS_MEDIA_CLEANUP_GRACE", Duration.ofMinutes(15)),
                env.duration("JUNTOS_MEDIA_SWEEP_INTERVAL", Duration.ofMinutes(1)),
                env.integer("JUNTOS_MEDIA_THUMBNAIL_PX", 320, 16, 2048),
                backend == Backend.S3 ? s3(env) : null);
    }

    public long maxBytes(MediaType type) {
        return maxBytes.get(type.kind());
    }

    /** The largest size any allowed type may have: a declaration above it cannot succeed whatever its type. */
    public long largestAllowed() {
        return allowedTypes.stream().mapToLong(this::maxBytes).max().orElse(0);
    }

    private static Backend backend(String value) {
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "local" -> Backend.LOCAL;
            case "s3" -> Backend.S3;
            default -> throw new ConfigException("JUNTOS_MEDIA_BACKEND", "must be local or s3, got '" + value + "'");
        };
    }

    private static Set<MediaType> allowed(List<String> mimes) {
        Set<MediaType> out = EnumSet.noneOf(MediaType.class);
        for (String m : mimes) {
            out.add(MediaType.ofMime(m).orElseThrow(() -> new ConfigException("JUNTOS_MEDIA_ALLOWED_TYPES",
                    "'" + m + "' is not a type we can recognise; choose from " + List.of(MediaType.values()).stream().map(MediaType::mime).toList())));
        }
        if (out.isEmpty()) throw new ConfigException("JUNTOS_MEDIA_ALLOWED_TYPES", "must name at least one type");
        return Set.copyOf(out);
    }

    private static S3 s3(Env env) {
        String bucket = env.string("JUNTOS_S3_BUCKET", null);
        if (bucket == null) throw new ConfigException("JUNTOS_S3_BUCKET", "is required when JUNTOS_MEDIA_BACKEND=s3");
        String endpoint = env.string("JUNTOS_S3_ENDPOINT", null);
        String access = env.string("JUNTOS_S3_ACCESS_KEY", null);
        String secret = env.secret("JUNTOS_S3_SECRET_KEY");
        if ((access == null) != (secret == null)) {
            throw new ConfigException(access == null ? "JUNTOS_S3_ACCESS_KEY" : "JUNTOS_S3_SECRET_KEY",
                    "set both JUNTOS_S3_ACCESS_KEY and JUNTOS_S3_SECRET_KEY, or neither to use the AWS default credential chain");
        }
        String prefix = env.string("JUNTOS_S3_PREFIX", "");
        if (!prefix.isEmpty() && !prefix.matches("[A-Za-z0-9._/-]{1,100}")) {
            throw new ConfigException("JUNTOS_S3_PREFIX", "may hold only letters, digits and . _ / -");
        }
        if (!prefix.isEmpty() && !prefix.endsWith("/")) prefix = prefix + "/";
        return new S3(bucket, endpoint == null ? null : env.url("JUNTOS_S3_ENDPOINT", null), env.string("JUNTOS_S3_REGION", "us-east-1"),
                env.bool("JUNTOS_S3_PATH_STYLE", endpoint != null), access, secret, prefix);
    }
}
