package io.juntos.gateway;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The fields {@link UpgradeRelease} clears exist in the Javalin and Jetty we build with: a
 * dependency upgrade that renames them fails here instead of silently bringing back ~7 KiB of heap
 * per idle socket. (That sockets still work after the release is what every gateway test shows.)
 */
class UpgradeReleaseTest {
    @Test
    void everyUpgradeReferenceItClearsExistsInTheseJavalinAndJettyVersions() {
        assertThat(UpgradeRelease.available()).isTrue();
    }
}
