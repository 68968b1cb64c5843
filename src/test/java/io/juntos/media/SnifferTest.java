package io.juntos.media;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class SnifferTest {
    @Test
    void recognisesEveryAcceptedImageFormatFromRealEncoderOutput() {
        assertThat(Sniffer.sniff(TestImages.jpeg(8, 8))).contains(MediaType.JPEG);
        assertThat(Sniffer.sniff(TestImages.png(8, 8))).contains(MediaType.PNG);
        assertThat(Sniffer.sniff(TestImages.gif(8, 8))).contains(MediaType.GIF);
    }

    @Test
    void recognisesWebpByItsRiffFormType() {
        byte[] webp = "RIFF\0\0\0\0WEBPVP8 ".getBytes(StandardCharsets.ISO_8859_1);
        assertThat(Sniffer.sniff(webp)).contains(MediaType.WEBP);
        byte[] wav = "RIFF\0\0\0\0WAVEfmt ".getBytes(StandardCharsets.ISO_8859_1);
        assertThat(Sniffer.sniff(wav)).isEmpty();
    }

    @Test
    void recognisesMp4ButNotStillImagesInTheSameContainer() {
        assertThat(Sniffer.sniff(MediaFlowContract.fakeMp4(64))).contains(MediaType.MP4);
        byte[] heic = {0, 0, 0, 0x18, 'f', 't', 'y', 'p', 'h', 'e', 'i', 'c', 0, 0, 0, 0};
        assertThat(Sniffer.sniff(heic)).isEmpty();
    }

    @Test
    void recognisesWebmButNotOtherMatroska() {
        byte[] webm = {0x1A, 0x45, (byte) 0xDF, (byte) 0xA3, (byte) 0x9F, 0x42, (byte) 0x86, (byte) 0x81, 0x01, 0x42, (byte) 0x82, (byte) 0x84, 'w', 'e', 'b', 'm'};
        assertThat(Sniffer.sniff(webm)).contains(MediaType.WEBM);
        byte[] mkv = {0x1A, 0x45, (byte) 0xDF, (byte) 0xA3, (byte) 0x9F, 0x42, (byte) 0x86, (byte) 0x81, 0x01, 0x42, (byte) 0x82, (byte) 0x88, 'm', 'a', 't', 'r', 'o', 's', 'k', 'a'};
        assertThat(Sniffer.sniff(mkv)).isEmpty();
    }

    @Test
    void refusesMarkupScriptsAndTruncatedHeads() {
        assertThat(Sniffer.sniff("<svg xmlns=\"http://www.w3.org/2000/svg\"/>".getBytes())).isEmpty();
        assertThat(Sniffer.sniff("<!DOCTYPE html>".getBytes())).isEmpty();
        assertThat(Sniffer.sniff(new byte[]{(byte) 0xFF, (byte) 0xD8})).isEmpty();
        assertThat(Sniffer.sniff(new byte[0])).isEmpty();
    }
}
