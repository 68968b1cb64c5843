package io.juntos.media;

import io.juntos.config.CoreConfig;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.core.sync.ResponseTransformer;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * Media in any S3-compatible store (AWS, MinIO, Garage, Ceph…) through the AWS SDK v2. Browsers
 * upload and download with presigned URLs; the server only HEADs, reads the first bytes, copies
 * and deletes. The presigned PUT binds the content type and length, so the store itself refuses
 * a different type label or size. Checksums are sent only when an operation requires them, since
 * many S3-compatible stores do not know the newer checksum headers.
 */
public final class S3MediaStore implements MediaStore {
    private final S3Client client;
    private final S3Presigner presigner;
    private final String bucket;
    private final String prefix;
    private final URI endpoint;

    private S3MediaStore(S3Client client, S3Presigner presigner, String bucket, String prefix, URI endpoint) {
        this.client = client;
        this.presigner = presigner;
        this.bucket = bucket;
        this.prefix = prefix;
        this.endpoint = endpoint;
    }

    public static S3MediaStore create(MediaConfig.S3 s3) {
        AwsCredentialsProvider creds = s3.accessKey() == null ? DefaultCredentialsProvider.builder().build()
                : StaticCredentialsProvider.create(AwsBasicCredentials.create(s3.accessKey(), s3.secretKey()));
        Region region = Region.of(s3.region());
        var cb = S3Client.builder().region(region).credentialsProvider(creds).forcePathStyle(s3.pathStyle())
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED);
        var pb = S3Presigner.builder().region(region).credentialsProvider(creds)
                .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(s3.pathStyle()).build());
        if (s3.endpoint() != null) {
            cb.endpointOverride(s3.endpoint());
            pb.endpointOverride(s3.endpoint());
        }
        // Where browsers will fetch from: the configured endpoint, or AWS's virtual-hosted or path-style host.
        URI endpoint = s3.endpoint() != null ? s3.endpoint()
                : URI.create("https://" + (s3.pathStyle() ? "" : s3.bucket() + ".") + "s3." + s3.region() + ".amazonaws.com");
        return new S3MediaStore(cb.build(), pb.build(), s3.bucket(), s3.prefix(), endpoint);
    }

    /** The origin browsers load objects from, for the Content-Security-Policy. */
    String origin() {
        return CoreConfig.origin(endpoint);
    }

    private String k(String key) {
        return prefix + key;
    }

    @Override
    public Signed signUpload(String key, MediaType type, long size, Instant expiresAt) {
        PutObjectRequest put = PutObjectRequest.builder().bucket(bucket).key(k(key)).contentType(type.mime()).contentLength(size).build();
        var signed = presigner.presignPutObject(b -> b.signatureDuration(lifetime(expiresAt)).putObjectRequest(put));
        // Browsers set Host and Content-Length themselves and may not set them by hand.
        Map<String, String> headers = new LinkedHashMap<>();
        signed.signedHeaders().forEach((name, values) -> {
            if (!name.equalsIgnoreCase("host") && !name.equalsIgnoreCase("content-length")) headers.put(canonical(name), String.join(",", values));
        });
        headers.putIfAbsent("Content-Type", type.mime());
        return new Signed(URI.create(signed.url().toString()), "PUT", Map.copyOf(headers));
    }

    @Override
    public URI signDownload(String key, MediaType type, String fileName, Instant expiresAt) {
        GetObjectRequest get = GetObjectRequest.builder().bucket(bucket).key(k(key)).responseContentType(type.mime())
                .responseContentDisposition(ContentDisposition.of(type.inline(), fileName))
                .responseCacheControl("private, max-age=300").build();
        var signed = presigner.presignGetObject(b -> b.signatureDuration(lifetime(expiresAt)).getObjectRequest(get));
        return URI.create(signed.url().toString());
    }

    @Override
    public OptionalLong size(String key) throws IOException {
        try {
            return OptionalLong.of(client.headObject(b -> b.bucket(bucket).key(k(key))).contentLength());
        } catch (NoSuchKeyException e) {
            return OptionalLong.empty();
        } catch (S3Exception e) {
            if (e.statusCode() == 404) return OptionalLong.empty();
            throw io(e);
        } catch (SdkException e) {
            throw io(e);
        }
    }

    @Override
    public byte[] head(String key, int n) throws IOException {
        try {
            return client.getObjectAsBytes(b -> b.bucket(bucket).key(k(key)).range("bytes=0-" + (n - 1))).asByteArray();
        } catch (SdkException e) {
            throw io(e);
        }
    }

    @Override
    public void fetch(String key, Path target) throws IOException {
        try {
            Path tmp = Files.createTempFile(target.getParent(), "fetch-", ".part");
            Files.delete(tmp);
            client.getObject(b -> b.bucket(bucket).key(k(key)), ResponseTransformer.toFile(tmp));
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
        } catch (SdkException e) {
            throw io(e);
        }
    }

    @Override
    public void put(String key, Path source, MediaType type) throws IOException {
        try {
            client.putObject(b -> b.bucket(bucket).key(k(key)).contentType(type.mime()), RequestBody.fromFile(source));
        } catch (SdkException e) {
            throw io(e);
        }
    }

    /** A server-side copy (no bytes through us), then the upload key goes. */
    @Override
    public void promote(String from, String to, MediaType type) throws IOException {
        try {
            client.copyObject(b -> b.sourceBucket(bucket).sourceKey(k(from)).destinationBucket(bucket).destinationKey(k(to)));
            delete(from);
        } catch (SdkException e) {
            throw io(e);
        }
    }

    @Override
    public void delete(String key) throws IOException {
        try {
            client.deleteObject(b -> b.bucket(bucket).key(k(key)));
        } catch (NoSuchKeyException e) {
            // Already gone: deleting is idempotent.
        } catch (SdkException e) {
            throw io(e);
        }
    }

    /** Lists {@code incoming/}; an S3 lifecycle rule on that prefix does the same job without listing. */
    @Override
    public int removeStale(Instant before, java.util.function.Predicate<String> live) throws IOException {
        try {
            int n = 0;
            for (var o : client.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(k("incoming/"))).contents()) {
                String key = o.key().substring(k("").length());
                if (o.lastModified().isBefore(before) || !live.test(key)) {
                    client.deleteObject(b -> b.bucket(bucket).key(o.key()));
                    n++;
                }
            }
            return n;
        } catch (SdkException e) {
            throw io(e);
        }
    }

    @Override
    public void close() {
        presigner.close();
        client.close();
    }

    private static Duration lifetime(Instant expiresAt) {
        Duration d = Duration.between(Instant.now(), expiresAt);
        return d.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1) : d;
    }

    private static String canonical(String header) {
        return List.of("content-type").contains(header.toLowerCase(java.util.Locale.ROOT)) ? "Content-Type" : header;
    }

    /** The SDK's messages name the bucket and key but never the credentials or a signature. */
    private static IOException io(SdkException e) {
        return new IOException("S3 " + e.getClass().getSimpleName() + ": " + e.getMessage(), e);
    }
}
