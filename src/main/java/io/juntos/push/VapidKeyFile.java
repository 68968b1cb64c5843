package io.juntos.push;

import com.interaso.webpush.VapidKeys;
import io.juntos.config.ConfigException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

/**
 * The VAPID key pair: from configuration when given, else {@code vapid.keys} in the data folder,
 * generated on first start and readable by the owner only (as the token key, auth.TokenKeys).
 * Browsers bind a subscription to the public key: changing it silently orphans every device.
 */
final class VapidKeyFile {
    private VapidKeyFile() {
    }

    static VapidKeys load(PushConfig cfg, Path dataDir) {
        if (cfg.vapidPublicKey() != null) {
            try {
                return VapidKeys.fromUncompressedBytes(cfg.vapidPublicKey().trim(), cfg.vapidPrivateKey().trim());
            } catch (RuntimeException e) {
                throw new ConfigException("JUNTOS_VAPID_PRIVATE_KEY", "VAPID keys must be base64url P-256 keys (65-byte public point, 32-byte private)");
            }
        }
        Path file = dataDir.resolve("vapid.keys");
        try {
            if (Files.exists(file)) {
                List<String> lines = Files.readAllLines(file);
                if (lines.size() < 2) throw new ConfigException("JUNTOS_DATA_DIR", file + " is not a VAPID key file");
                return VapidKeys.create(lines.get(0).trim(), lines.get(1).trim());
            }
            VapidKeys keys = VapidKeys.generate();
            Path tmp = dataDir.resolve("vapid.keys.tmp");
            Files.writeString(tmp, keys.getX509PublicKey() + "\n" + keys.getPkcs8PrivateKey() + "\n");
            try {
                Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException ignored) {
                // Not a POSIX file system (Windows): the folder's own permissions apply.
            }
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
            return keys;
        } catch (IOException | IllegalArgumentException e) {
            throw new ConfigException("JUNTOS_DATA_DIR", "cannot read or create the VAPID keys in " + dataDir + " (" + e.getClass().getSimpleName() + ")");
        }
    }
}
