package io.juntos.media;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.CRC32;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MetadataStripperTest {
    @TempDir
    Path dir;

    private byte[] strip(MediaType type, byte[] in) throws Exception {
        Path src = Files.write(dir.resolve("in"), in);
        MetadataStripper.strip(type, src, dir.resolve("out"));
        return Files.readAllBytes(dir.resolve("out"));
    }

    @Test
    void jpegLosesItsGpsBlockButKeepsOrientationAndStillDecodes() throws Exception {
        byte[] photo = TestImages.jpegWithGps(64, 48);
        Path src = Files.write(dir.resolve("in"), photo);
        int orientation = MetadataStripper.strip(MediaType.JPEG, src, dir.resolve("out"));
        byte[] out = Files.readAllBytes(dir.resolve("out"));
        assertThat(orientation).isEqualTo(6);
        assertThat(TestImages.contains(out, "GPSSECRET")).isFalse();
        assertThat(TestImages.contains(out, "Exif")).isTrue();
        assertThat(Exif.orientation(Exif.orientationSegment(6), 4 + 6)).isEqualTo(6);
        assertThat(ImageIO.read(new ByteArrayInputStream(out)).getWidth()).isEqualTo(64);
    }

    @Test
    void jpegWithoutMetadataIsUnchanged() throws Exception {
        byte[] plain = TestImages.jpeg(32, 32);
        assertThat(strip(MediaType.JPEG, plain)).isEqualTo(plain);
    }

    @Test
    void truncatedJpegIsMalformed() {
        byte[] cut = java.util.Arrays.copyOf(TestImages.jpegWithGps(32, 32), 30);
        assertThatThrownBy(() -> strip(MediaType.JPEG, cut)).isInstanceOf(java.io.IOException.class);
    }

    @Test
    void pngLosesExifAndTextChunksAndStillDecodes() throws Exception {
        byte[] png = TestImages.png(20, 10);
        byte[] withMeta = insertAfterIhdr(png, chunk("eXIf", "MM GPSSECRET"), chunk("tEXt", "Location\0GPSSECRET"));
        assertThat(TestImages.contains(withMeta, "GPSSECRET")).isTrue();
        byte[] out = strip(MediaType.PNG, withMeta);
        assertThat(TestImages.contains(out, "GPSSECRET")).isFalse();
        assertThat(out).isEqualTo(png);
        assertThat(ImageIO.read(new ByteArrayInputStream(out)).getWidth()).isEqualTo(20);
    }

    @Test
    void webpLosesExifAndXmpChunksAndTheirFlags() throws Exception {
        byte[] vp8x = new byte[10];
        vp8x[0] = 0x0C | 0x10;
        vp8x[4] = 99; // width - 1 = 99
        vp8x[7] = 49; // height - 1 = 49
        byte[] webp = riff(riffChunk("VP8X", vp8x), riffChunk("VP8L", new byte[]{0x2f, 0, 0, 0, 0}),
                riffChunk("EXIF", "GPSSECRET!".getBytes()), riffChunk("XMP ", "<x>GPSSECRET</x>".getBytes()));
        byte[] out = strip(MediaType.WEBP, webp);
        assertThat(TestImages.contains(out, "GPSSECRET")).isFalse();
        ByteBuffer b = ByteBuffer.wrap(out).order(ByteOrder.LITTLE_ENDIAN);
        assertThat(b.getInt(4)).isEqualTo(out.length - 8);
        assertThat(out[20] & 0x0C).isZero();
        assertThat(out[20] & 0x10).isEqualTo(0x10);
        Path p = Files.write(dir.resolve("w.webp"), out);
        assertThat(WebpStripper.dimensions(p)).containsExactly(100, 50);
        assertThat(WebpStripper.animated(p)).isFalse();
        out[20] |= 0x02;
        assertThat(WebpStripper.animated(Files.write(dir.resolve("anim.webp"), out))).isTrue();
    }

    private static byte[] chunk(String type, String data) {
        byte[] d = data.getBytes(StandardCharsets.ISO_8859_1);
        ByteBuffer b = ByteBuffer.allocate(12 + d.length);
        b.putInt(d.length).put(type.getBytes(StandardCharsets.ISO_8859_1)).put(d);
        CRC32 crc = new CRC32();
        crc.update(b.array(), 4, 4 + d.length);
        b.putInt((int) crc.getValue());
        return b.array();
    }

    private static byte[] insertAfterIhdr(byte[] png, byte[]... chunks) {
        int at = 8 + 8 + 13 + 4;
        var out = new ByteArrayOutputStream();
        out.write(png, 0, at);
        for (byte[] c : chunks) out.writeBytes(c);
        out.write(png, at, png.length - at);
        return out.toByteArray();
    }

    private static byte[] riffChunk(String fourcc, byte[] data) {
        ByteBuffer b = ByteBuffer.allocate(8 + data.length + (data.length & 1)).order(ByteOrder.LITTLE_ENDIAN);
        b.put(fourcc.getBytes(StandardCharsets.ISO_8859_1)).putInt(data.length).put(data);
        return b.array();
    }

    private static byte[] riff(byte[]... chunks) {
        var body = new ByteArrayOutputStream();
        for (byte[] c : chunks) body.writeBytes(c);
        ByteBuffer b = ByteBuffer.allocate(12 + body.size()).order(ByteOrder.LITTLE_ENDIAN);
        b.put("RIFF".getBytes()).putInt(4 + body.size()).put("WEBP".getBytes()).put(body.toByteArray());
        return b.array();
    }
}
