package io.juntos.media;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Iterator;
import java.util.stream.Stream;

/**
 * Makes an uploaded image safe to serve and cheap to preview, synchronously at completion (so an
 * object is never served before its metadata is gone, and the client gets its thumbnail URL in
 * the same answer): metadata stripped at the byte level ({@link MetadataStripper}), dimensions
 * read, and a thumbnail at most {@code JUNTOS_MEDIA_THUMBNAIL_PX} wide decoded with subsampling
 * so that even a large photo needs little memory. WebP is decoded by the TwelveMonkeys ImageIO
 * plugin (pure Java); an image that cannot be decoded (e.g. a CMYK JPEG, an animated WebP) is kept
 * without a thumbnail, with its dimensions when the header gives them.
 */
final class ImageProcessor {
    private static final Logger log = LoggerFactory.getLogger(ImageProcessor.class);
    /** Above this many pixels we do not decode at all (decompression bombs); the image is kept, unpreviewed. */
    private static final long MAX_PIXELS = 100_000_000L;

    record Result(long size, Integer width, Integer height, MediaType thumbType, boolean animated) {
    }

    private final int thumbPx;

    ImageProcessor(int thumbPx) {
        this.thumbPx = thumbPx;
    }

    Result process(MediaStore store, MediaRow row, MediaType type) throws IOException, Rejected {
        Path work = Files.createTempDirectory("juntos-media-");
        try {
            Path src = work.resolve("original");
            Path clean = work.resolve("clean");
            store.fetch(row.incomingKey(), src);
            int orientation;
            try {
                orientation = MetadataStripper.strip(type, src, clean);
            } catch (MetadataStripper.Malformed | java.io.EOFException e) {
                throw new Rejected(MediaErrors.imageUnreadable());
            }
            Files.delete(src);
            Thumb thumb = decode(clean, orientation, work.resolve("thumb"));
            if (thumb.width() == null && type == MediaType.WEBP) thumb = webp(clean);
            if (thumb.type() != null) store.put(row.thumbKey(), work.resolve("thumb"), thumb.type());
            store.put(row.objectKey(), clean, type);
            store.delete(row.incomingKey());
            return new Result(Files.size(clean), thumb.width(), thumb.height(), thumb.type(), animated(type, clean));
        } finally {
            try (Stream<Path> files = Files.walk(work)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** More than one frame: GIF by counting frames, WebP by its VP8X animation flag. */
    private static boolean animated(MediaType type, Path file) {
        try {
            if (type == MediaType.WEBP) return WebpStripper.animated(file);
            if (type != MediaType.GIF) return false;
            try (ImageInputStream iis = ImageIO.createImageInputStream(file.toFile())) {
                Iterator<ImageReader> readers = ImageIO.getImageReaders(iis);
                if (!readers.hasNext()) return false;
                ImageReader reader = readers.next();
                try {
                    reader.setInput(iis, false, true);
                    return reader.getNumImages(true) > 1;
                } finally {
                    reader.dispose();
                }
            }
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** Dimensions as displayed (after orientation) and the thumbnail's type, null when none was made. */
    private record Thumb(Integer width, Integer height, MediaType type) {
    }

    private static Thumb webp(Path file) throws IOException {
        int[] d = WebpStripper.dimensions(file);
        return d == null ? new Thumb(null, null, null) : new Thumb(d[0], d[1], null);
    }

    private Thumb decode(Path file, int orientation, Path out) throws IOException {
        try (ImageInputStream iis = ImageIO.createImageInputStream(file.toFile())) {
            Iterator<ImageReader> readers = ImageIO.getImageReaders(iis);
            if (!readers.hasNext()) return new Thumb(null, null, null);
            ImageReader reader = readers.next();
            try {
                reader.setInput(iis, true, true);
                int w = reader.getWidth(0);
                int h = reader.getHeight(0);
                boolean swap = orientation >= 5;
                int dw = swap ? h : w;
                int dh = swap ? w : h;
                if ((long) w * h > MAX_PIXELS) return new Thumb(dw, dh, null);
                double scale = Math.min(1.0, Math.min(thumbPx / (double) dw, 3.0 * thumbPx / dh));
                ImageReadParam param = reader.getDefaultReadParam();
                int sub = Math.max(1, (int) Math.floor(1 / (scale * 2)));
                param.setSourceSubsampling(sub, sub, 0, 0);
                BufferedImage img = reader.read(0, param);
                MediaType type = img.getColorModel().hasAlpha() ? MediaType.PNG : MediaType.JPEG;
                BufferedImage thumb = render(img, orientation, Math.max(1, (int) Math.round(dw * scale)), Math.max(1, (int) Math.round(dh * scale)), type);
                if (!ImageIO.write(thumb, type == MediaType.PNG ? "png" : "jpg", out.toFile())) return new Thumb(dw, dh, null);
                return new Thumb(dw, dh, type);
            } catch (IOException | RuntimeException e) {
                // Accepted without a preview: the bytes are a valid container we merely cannot decode.
                log.info("media thumbnail skipped reason={}", e.getClass().getSimpleName());
                return new Thumb(null, null, null);
            } finally {
                reader.dispose();
            }
        }
    }

    /** Draws the decoded image upright (EXIF orientation) at the thumbnail size. */
    private static BufferedImage render(BufferedImage src, int orientation, int tw, int th, MediaType type) {
        BufferedImage dst = new BufferedImage(tw, th, type == MediaType.PNG ? BufferedImage.TYPE_INT_ARGB : BufferedImage.TYPE_INT_RGB);
        Graphics2D g = dst.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
        boolean swap = orientation >= 5;
        double sx = (double) (swap ? th : tw) / src.getWidth();
        double sy = (double) (swap ? tw : th) / src.getHeight();
        AffineTransform t = switch (orientation) {
            case 2 -> new AffineTransform(-1, 0, 0, 1, tw, 0);
            case 3 -> new AffineTransform(-1, 0, 0, -1, tw, th);
            case 4 -> new AffineTransform(1, 0, 0, -1, 0, th);
            case 5 -> new AffineTransform(0, 1, 1, 0, 0, 0);
            case 6 -> new AffineTransform(0, 1, -1, 0, tw, 0);
            case 7 -> new AffineTransform(0, -1, -1, 0, tw, th);
            case 8 -> new AffineTransform(0, -1, 1, 0, 0, th);
            default -> new AffineTransform();
        };
        t.scale(sx, sy);
        g.drawImage(src, t, null);
        g.dispose();
        return dst;
    }
}
