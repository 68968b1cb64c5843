package io.juntos.media;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.StandardOpenOption;
import java.time.Clock;

/**
 * The local backend's stand-in for S3: {@code PUT} and {@code GET} on signed URLs. No bearer
 * token is needed (a browser {@code <img>} cannot send one); the signature is the permission,
 * it binds every parameter, and it expires. Bodies stream between the socket and the disk.
 */
final class LocalFileEndpoint {
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(LocalFileEndpoint.class);
    static final String PATH_PREFIX = "/api/media/files/";
    private static final String ROUTE = "/api/media/files/{area}/{name}";

    private final LocalMediaStore store;
    private final Clock clock;

    private final MediaRows rows;

    LocalFileEndpoint(LocalMediaStore store, MediaRows rows, Clock clock) {
        this.store = store;
        this.rows = rows;
        this.clock = clock;
    }

    void install(RoutesConfig r) {
        r.put(ROUTE, this::upload);
        r.get(ROUTE, this::download);
    }

    private void upload(Context ctx) throws IOException {
        String key = key(ctx);
        String size = ctx.queryParam("size");
        String type = ctx.queryParam("type");
        checkSignature(ctx, "PUT", key, size, type);
        if (!key.startsWith("incoming/")) throw MediaErrors.signatureInvalid();
        MediaType expected = MediaType.ofMime(type).orElseThrow(MediaErrors::signatureInvalid);
        if (MediaType.ofMime(ctx.contentType()).filter(expected::equals).isEmpty()) {
            throw MediaErrors.contentTypeMismatch(expected);
        }
        long declared = Long.parseLong(size);
        long length = ctx.req().getContentLengthLong();
        if (length > declared) throw MediaErrors.uploadTooLarge(declared);
        if (store.usableSpace() < declared) {
            throw MediaErrors.insufficientStorage();
        }
        // A signed URL outlives its record when the upload is deleted (or completed): refuse the bytes.
        String id = key.substring("incoming/".length());
        if (!pending(id)) throw MediaErrors.uploadClosed();
        try (InputStream body = ctx.req().getInputStream()) {
            store.receive(key, body, declared);
        } catch (IOException e) {
            // Mostly a client that went away mid-upload: nothing was kept, and it is not a server fault.
            log.info("media upload interrupted key={} error={}", key, e.getClass().getSimpleName());
            throw MediaErrors.uploadInterrupted();
        }
        if (!pending(id)) {
            // Deleted while the bytes streamed in: keep nothing that counts against no quota.
            store.delete(key);
            throw MediaErrors.uploadClosed();
        }
        ctx.status(204);
    }

    private boolean pending(String id) {
        return rows.find(id).map(r -> r.state() == MediaRow.State.PENDING).orElse(false);
    }

    private void download(Context ctx) throws IOException {
        String key = key(ctx);
        String type = ctx.queryParam("type");
        String name = ctx.queryParam("name");
        checkSignature(ctx, "GET", key, type, name);
        MediaType mediaType = MediaType.ofMime(type).orElseThrow(MediaErrors::signatureInvalid);
        try (FileChannel ch = FileChannel.open(store.file(key), StandardOpenOption.READ)) {
            serve(ctx, ch, mediaType, name);
        } catch (NoSuchFileException e) {
            throw MediaErrors.fileNotFound();
        }
    }

    private void serve(Context ctx, FileChannel ch, MediaType type, String name) throws IOException {
        long size = ch.size();
        ByteRange range = ByteRange.of(ctx.header("Range"), size);
        ctx.header("Accept-Ranges", "bytes");
        ctx.header("X-Content-Type-Options", "nosniff");
        // A served file is never a page: even if a browser were tricked into rendering it, it runs nothing.
        ctx.header("Content-Security-Policy", "default-src 'none'; media-src 'self'; img-src 'self'; sandbox");
        ctx.header("Cross-Origin-Resource-Policy", "same-origin");
        ctx.header("Cache-Control", "private, max-age=300");
        switch (range) {
            case ByteRange.Unsatisfiable u -> {
                ctx.header("Content-Range", "bytes */" + u.size());
                throw MediaErrors.rangeNotSatisfiable(u.size());
            }
            case ByteRange.Full f -> {
                headers(ctx, type, name, f.size());
                ctx.status(200);
                copy(ch, 0, f.size(), ctx);
            }
            case ByteRange.Partial p -> {
                headers(ctx, type, name, p.length());
                ctx.header("Content-Range", p.contentRange());
                ctx.status(206);
                copy(ch, p.first(), p.length(), ctx);
            }
        }
    }

    private static void headers(Context ctx, MediaType type, String name, long length) {
        ctx.res().setContentType(type.mime());
        ctx.res().setContentLengthLong(length);
        ctx.header("Content-Disposition", ContentDisposition.of(type.inline(), name));
    }

    private static void copy(FileChannel ch, long from, long length, Context ctx) throws IOException {
        OutputStream out = ctx.res().getOutputStream();
        var sink = Channels.newChannel(out);
        long done = 0;
        while (done < length) {
            long n = ch.transferTo(from + done, length - done, sink);
            if (n <= 0) break;
            done += n;
        }
        out.flush();
    }

    private static String key(Context ctx) {
        String key = ctx.pathParam("area") + "/" + ctx.pathParam("name");
        if (!LocalMediaStore.KEY.matcher(key).matches()) throw MediaErrors.fileNotFound();
        return key;
    }

    /** The signature is checked before the expiry, so an expired answer confirms the URL was once genuine. */
    private void checkSignature(Context ctx, String method, String key, String a, String b) {
        String exp = ctx.queryParam("exp");
        String sig = ctx.queryParam("sig");
        if (exp == null || a == null || b == null || !exp.matches("\\d{1,12}")
                || (method.equals("PUT") && !a.matches("\\d{1,15}"))
                || !store.signer().verify(sig, method, key, exp, a, b)) {
            throw MediaErrors.signatureInvalid();
        }
        if (Long.parseLong(exp) < clock.instant().getEpochSecond()) {
            throw MediaErrors.urlExpired();
        }
    }
}
