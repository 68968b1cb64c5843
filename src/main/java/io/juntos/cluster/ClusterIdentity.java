package io.juntos.cluster;

import io.juntos.store.Ids;
import org.jdbi.v3.core.Jdbi;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.security.GeneralSecurityException;
import java.util.HexFormat;

/** The cluster's id (from the shared database) and a fingerprint of the token key that reveals nothing of it. */
public final class ClusterIdentity {
    private ClusterIdentity() {
    }

    /** The id of the cluster this database belongs to; the first node to ask makes it (concurrent starts agree). */
    public static String of(Jdbi jdbi) {
        return jdbi.inTransaction(h -> {
            h.createUpdate("INSERT INTO cluster_identity (singleton, id) VALUES (1, :id) ON CONFLICT (singleton) DO NOTHING")
                    .bind("id", Ids.newId()).execute();
            return h.createQuery("SELECT id FROM cluster_identity WHERE singleton = 1").mapTo(String.class).one();
        });
    }

    /** An HMAC of a fixed label under the key: equal keys give equal fingerprints; the key cannot be recovered. */
    public static String fingerprint(byte[] tokenKey) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(tokenKey, "HmacSHA256"));
            byte[] out = mac.doFinal("juntos token key fingerprint".getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(out, 0, 8);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }
}
