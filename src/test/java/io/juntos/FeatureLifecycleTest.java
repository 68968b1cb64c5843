package io.juntos;

import io.juntos.bus.Bus;
import io.juntos.bus.InProcessBus;
import io.juntos.config.Env;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Features start in order and stop in reverse; a feature that fails to start closes what was opened. */
class FeatureLifecycleTest {
    final List<String> stopped = new CopyOnWriteArrayList<>();
    final AtomicReference<Platform> platform = new AtomicReference<>();
    final AtomicBoolean busClosed = new AtomicBoolean();

    /** The in-process bus, noting when it is closed. */
    final class WatchedBus implements Bus {
        private final InProcessBus bus = new InProcessBus();

        @Override
        public void publish(String topic, byte[] payload) {
            bus.publish(topic, payload);
        }

        @Override
        public Subscription subscribe(String topic, Handler handler) {
            return bus.subscribe(topic, handler);
        }

        @Override
        public void close() {
            busClosed.set(true);
            bus.close();
        }
    }

    Function<Platform, Feature> stoppable(String name) {
        return p -> ctx -> {
            platform.set(p);
            ctx.onStop(() -> stopped.add(name));
        };
    }

    Juntos start(List<Function<Platform, Feature>> extra) throws Exception {
        var dir = Files.createTempDirectory("juntos-life-");
        return Juntos.start(new Env(Map.of("JUNTOS_PORT", "0", "JUNTOS_BIND", "127.0.0.1", "JUNTOS_DATA_DIR", dir.toString(),
                "JUNTOS_LOG_LEVEL", "ERROR")), Clock.systemUTC(), new WatchedBus(), extra);
    }

    @Test
    void featuresStopInReverseOrderThenTheBusAndTheDatabaseClose() throws Exception {
        var server = start(List.of(stoppable("first"), stoppable("second")));
        assertThat(platform.get().db().isReachable()).isTrue();
        server.close();
        assertThat(stopped).containsExactly("second", "first");
        assertThat(busClosed).isTrue();
        assertThat(platform.get().db().isReachable()).isFalse();
    }

    @Test
    void aFeatureThatFailsToStartClosesWhatWasOpenedBeforeIt() {
        Function<Platform, Feature> broken = p -> ctx -> {
            throw new IllegalStateException("cannot reach the widget service");
        };
        assertThatThrownBy(() -> start(List.of(stoppable("first"), stoppable("second"), broken)))
                .hasMessageContaining("widget service");
        assertThat(stopped).containsExactly("second", "first");
        assertThat(busClosed).isTrue();
        assertThat(platform.get().db().isReachable()).isFalse();
    }

    @Test
    void aFrameTypeOutsideTheFeaturesFamilyFailsAtStart() {
        Function<Platform, Feature> stray = p -> ctx -> ctx.frames("widget.").on("room.play", Map.class, (c, d) -> Map.of());
        assertThatThrownBy(() -> start(List.of(stoppable("first"), stray))).hasMessageContaining("outside its families");
        assertThat(stopped).containsExactly("first");
    }

    @Test
    void aFamilyAnotherFeatureOwnsFailsAtStart() {
        Function<Platform, Feature> thief = p -> ctx -> ctx.frames("message.");
        assertThatThrownBy(() -> start(List.of(thief))).hasMessageContaining("already owned by ConversationsFeature");
        Function<Platform, Feature> gatewaysOwn = p -> ctx -> ctx.frames("resume");
        assertThatThrownBy(() -> start(List.of(gatewaysOwn))).hasMessageContaining("gateway's own");
        assertThat(busClosed).isTrue();
    }

    @Test
    void aCspSourceThatWouldWeakenThePolicyFailsAtStart() {
        Function<Platform, Feature> weak = p -> ctx -> ctx.csp("script-src", "'unsafe-inline'");
        assertThatThrownBy(() -> start(List.of(weak))).hasMessageContaining("must be an http(s) origin");
        Function<Platform, Feature> wide = p -> ctx -> ctx.csp("default-src", "https://cdn.example");
        assertThatThrownBy(() -> start(List.of(wide))).hasMessageContaining("cannot be widened");
    }

}
