package io.juntos.auth;

import io.juntos.config.ConfigException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The access-token signing key: {@code JUNTOS_TOKEN_KEY} (base64, at least 32 bytes) when given,
 * else {@code token.key} in the data folder, generated on first start and readable by the owner only.
 */
public final class TokenKeys {
    private TokenKeys() {
    }

    public static byte[] load(String configured, Path dataDir) {
        if (configured != null) {
            byte[] key;
            try {
                key = Base64.getDecoder().decode(configured.trim());
            } catch (IllegalArgumentException e) {
                throw new ConfigException("JUNTOS_TOKEN_KEY", "must be base64");
            }
            if (key.length < 32) throw new ConfigException("JUNTOS_TOKEN_KEY", "must decode to at least 32 bytes");
            return key;
        }
        Path file = dataDir.resolve("token.key");
        try {
            if (Files.exists(file)) {
                byte[] key = Base64.getDecoder().decode(Files.readString(file).trim());
                if (key.length < 32) throw new ConfigException("JUNTOS_DATA_DIR", file + " holds a key shorter than 32 bytes");
                return key;
            }
            Files.createDirectories(dataDir);
            byte[] key = new byte[32];
            new SecureRandom().nextBytes(key);
            Path tmp = dataDir.resolve("token.key.tmp");
            Files.writeString(tmp, Base64.getEncoder().encodeToString(key));
            try {
                Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException ignored) {
                // Not a POSIX file system (Windows): the folder's own permissions apply.
            }
            Files.move(tmp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            return key;
        } catch (IOException | IllegalArgumentException e) {
            throw new ConfigException("JUNTOS_DATA_DIR", "cannot read or create the token key in " + dataDir + " (" + e.getClass().getSimpleName() + ")");
        }
    }
}
