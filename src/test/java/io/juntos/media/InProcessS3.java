package io.juntos.media;

import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.nio2blob.TransientNio2BlobStore;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

import java.net.URI;
import java.util.Map;

/**
 * A real S3-compatible server (S3Proxy, from Maven Central) in this JVM on a free loopback port,
 * with an in-memory blob store and AWS SigV4 authentication, plus a client to look inside it.
 */
final class InProcessS3 implements AutoCloseable {
    static final String ACCESS = "test-access";
    static final String SECRET = "test-secret-key-0123456789";
    static final String BUCKET = "juntos-media";

    private final S3Proxy proxy;
    private final S3Client client;
    private final URI endpoint;

    private InProcessS3(S3Proxy proxy, S3Client client, URI endpoint) {
        this.proxy = proxy;
        this.client = client;
        this.endpoint = endpoint;
    }

    static InProcessS3 start() {
        try {
            S3Proxy proxy = S3Proxy.builder().blobStore(new TransientNio2BlobStore()).endpoint(URI.create("http://127.0.0.1:0"))
                    .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS, SECRET).build();
            proxy.start();
            for (int i = 0; i < 100 && !"STARTED".equals(proxy.getState()); i++) Thread.sleep(50);
            URI endpoint = URI.create("http://127.0.0.1:" + proxy.getPort());
            S3Client client = S3Client.builder().endpointOverride(endpoint).region(Region.US_EAST_1).forcePathStyle(true)
                    .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                    .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                    .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS, SECRET))).build();
            client.createBucket(b -> b.bucket(BUCKET));
            return new InProcessS3(proxy, client, endpoint);
        } catch (Exception e) {
            throw new IllegalStateException("cannot start S3Proxy", e);
        }
    }

    Map<String, String> env() {
        return Map.of("JUNTOS_MEDIA_BACKEND", "s3", "JUNTOS_S3_BUCKET", BUCKET, "JUNTOS_S3_ENDPOINT", endpoint.toString(),
                "JUNTOS_S3_REGION", "us-east-1", "JUNTOS_S3_PATH_STYLE", "true", "JUNTOS_S3_ACCESS_KEY", ACCESS, "JUNTOS_S3_SECRET_KEY", SECRET);
    }

    URI endpoint() {
        return endpoint;
    }

    boolean exists(String key) {
        try {
            client.headObject(b -> b.bucket(BUCKET).key(key));
            return true;
        } catch (NoSuchKeyException e) {
            return false;
        } catch (software.amazon.awssdk.services.s3.model.S3Exception e) {
            if (e.statusCode() == 404) return false;
            throw e;
        }
    }

    byte[] get(String key) {
        return client.getObjectAsBytes(b -> b.bucket(BUCKET).key(key)).asByteArray();
    }

    /** A presigned PUT made with the SDK, as the server would, but with a lifetime of our choosing. */
    /**
     * A presigned PUT signed at {@code signedAt} and valid for {@code lifetime}, as the SDK's
     * presigner makes them. The signing clock is the signer's own property, so a URL that expired
     * already is made by signing in the past, without waiting for S3Proxy's clock to pass it.
     */
    String presignPut(String key, String type, java.time.Duration lifetime, java.time.Instant signedAt) {
        var request = software.amazon.awssdk.http.SdkHttpRequest.builder()
                .method(software.amazon.awssdk.http.SdkHttpMethod.PUT)
                .uri(URI.create(endpoint + "/" + BUCKET + "/" + key))
                .putHeader("Content-Type", type)
                .build();
        var signer = software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner.create();
        var signed = signer.sign(r -> r.identity(software.amazon.awssdk.identity.spi.AwsCredentialsIdentity.create(ACCESS, SECRET))
                .request(request)
                .putProperty(software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner.SERVICE_SIGNING_NAME, "s3")
                .putProperty(software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner.REGION_NAME, Region.US_EAST_1.id())
                .putProperty(software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner.AUTH_LOCATION,
                        software.amazon.awssdk.http.auth.aws.signer.AwsV4FamilyHttpSigner.AuthLocation.QUERY_STRING)
                .putProperty(software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner.EXPIRATION_DURATION, lifetime)
                .putProperty(software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner.PAYLOAD_SIGNING_ENABLED, false)
                .putProperty(software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner.DOUBLE_URL_ENCODE, false)
                .putProperty(software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner.NORMALIZE_PATH, false)
                .putProperty(software.amazon.awssdk.http.auth.spi.signer.HttpSigner.SIGNING_CLOCK,
                        java.time.Clock.fixed(signedAt, java.time.ZoneOffset.UTC)));
        return signed.request().getUri().toString();
    }

    void put(String key, byte[] bytes, String type) {
        client.putObject(b -> b.bucket(BUCKET).key(key).contentType(type), RequestBody.fromBytes(bytes));
    }

    @Override
    public void close() {
        client.close();
        try {
            proxy.stop();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
