package io.juntos.media;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.time.Instant;
import java.util.Map;
import java.util.OptionalLong;
import java.util.regex.Pattern;

/**
 * Media in a folder on this server ({@code JUNTOS_MEDIA_DIR}, default {@code <data>/media}).
 * Clients upload and download through {@link LocalFileEndpoint}, with URLs this store signs.
 * Every write goes to {@code tmp/} first and is moved into place atomically, so a reader never
 * sees half a file and a failed upload leaves nothing behind.
 */
public final class LocalMediaStore implements MediaStore {
    static final Pattern KEY = Pattern.compile("(incoming|objects)/[0-9a-z]{26}(\\.thumb)?");
    private static final int BUFFER = 64 * 1024;

    private final Path dir;
    private final UrlSigner signer;
    private final String basePath;

    /** {@code basePath} is the path of the public URL ("" at the root), so URLs work behind a path-prefix proxy. */
    public LocalMediaStore(Path dir, UrlSigner signer, String basePath) {
        this.dir = dir;
        this.signer = signer;
        this.basePath = basePath.endsWith("/") ? basePath.substring(0, basePath.length() - 1) : basePath;
        try {
            Files.createDirectories(dir.resolve("incoming"));
            Files.createDirectories(dir.resolve("objects"));
            Files.createDirectories(dir.resolve("tmp"));
        } catch (IOException e) {
            throw new io.juntos.config.ConfigException("JUNTOS_MEDIA_DIR", "cannot create " + dir + " (" + e.getClass().getSimpleName() + ")");
        }
    }

    @Override
    public Signed signUpload(String key, MediaType type, long size, Instant expiresAt) {
        String exp = Long.toString(expiresAt.getEpochSecond());
        String sig = signer.sign("PUT", key, exp, Long.toString(size), type.mime());
        URI url = URI.create(basePath + LocalFileEndpoint.PATH_PREFIX + key + "?exp=" + exp + "&size=" + size
                + "&type=" + enc(type.mime()) + "&sig=" + sig);
        return new Signed(url, "PUT", Map.of("Content-Type", type.mime()));
    }

    @Override
    public URI signDownload(String key, MediaType type, String fileName, Instant expiresAt) {
        String exp = Long.toString(expiresAt.getEpochSecond());
        String sig = signer.sign("GET", key, exp, type.mime(), fileName);
        return URI.create(basePath + LocalFileEndpoint.PATH_PREFIX + key + "?exp=" + exp + "&type=" + enc(type.mime())
                + "&name=" + enc(fileName) + "&sig=" + sig);
    }

    UrlSigner signer() {
        return signer;
    }

    /**
     * Streams a client's upload to {@code key}, refusing more than {@code size} bytes as soon as
     * the first extra byte arrives and anything shorter once the body ends.
     */
    void receive(String key, InputStream body, long size) throws IOException {
        Path tmp = Files.createTempFile(dir.resolve("tmp"), "up-", ".part");
        try {
            long n;
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                n = copyAtMost(body, Channels.newOutputStream(ch), size + 1);
                // On disk before the 204: an acknowledged upload survives a crash.
                if (n == size) ch.force(true);
            }
            if (n > size) throw MediaErrors.uploadTooLarge(size);
            if (n < size) throw MediaErrors.uploadIncomplete(n, size);
            Files.move(tmp, file(key), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static long copyAtMost(InputStream in, OutputStream out, long limit) throws IOException {
        byte[] buf = new byte[BUFFER];
        long total = 0;
        int r;
        while (total < limit && (r = in.read(buf, 0, (int) Math.min(buf.length, limit - total))) != -1) {
            out.write(buf, 0, r);
            total += r;
        }
        return total;
    }

    long usableSpace() throws IOException {
        return Files.getFileStore(dir).getUsableSpace();
    }

    /** The file behind a key; the key's shape is checked first so no path can escape the folder. */
    Path file(String key) {
        if (!KEY.matcher(key).matches()) throw new IllegalArgumentException("not a media key");
        return dir.resolve(key);
    }

    @Override
    public OptionalLong size(String key) throws IOException {
        try {
            return OptionalLong.of(Files.size(file(key)));
        } catch (NoSuchFileException e) {
            return OptionalLong.empty();
        }
    }

    @Override
    public byte[] head(String key, int n) throws IOException {
        try (InputStream in = Files.newInputStream(file(key))) {
            return in.readNBytes(n);
        }
    }

    @Override
    public void fetch(String key, Path target) throws IOException {
        Files.copy(file(key), target, StandardCopyOption.REPLACE_EXISTING);
    }

    @Override
    public void put(String key, Path source, MediaType type) throws IOException {
        Path tmp = Files.createTempFile(dir.resolve("tmp"), "put-", ".part");
        try {
            Files.copy(source, tmp, StandardCopyOption.REPLACE_EXISTING);
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                ch.force(true);
            }
            Files.move(tmp, file(key), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    @Override
    public void promote(String from, String to, MediaType type) throws IOException {
        Files.move(file(from), file(to), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    @Override
    public void delete(String key) throws IOException {
        Files.deleteIfExists(file(key));
    }

    @Override
    public int removeStale(Instant before, java.util.function.Predicate<String> live) throws IOException {
        int n = 0;
        for (String area : new String[]{"incoming", "tmp"}) {
            try (var files = Files.list(dir.resolve(area))) {
                for (Path f : (Iterable<Path>) files::iterator) {
                    boolean orphan = area.equals("incoming") && !live.test(area + "/" + f.getFileName());
                    if ((orphan || Files.getLastModifiedTime(f).toInstant().isBefore(before)) && Files.deleteIfExists(f)) n++;
                }
            }
        }
        return n;
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
