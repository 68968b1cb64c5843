package io.juntos.playback;

import io.juntos.playback.PlaybackState.Item;
import io.juntos.playback.PlaybackState.Paused;
import io.juntos.playback.PlaybackState.Playing;
import io.juntos.playback.PlaybackState.Waiting;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The sync controller's decisions, driven by a hand-moved clock (no server, no sleeping). */
class SyncControllerTest {
    final ManualClock clock = new ManualClock();
    final SyncThresholds t = SyncThresholds.defaults();
    final Item item = new Item("item1", "url", "https://example.org/v.mp4", 600.0);

    SyncController controller(WaitPolicy p) {
        SyncController c = new SyncController(t, p, clock);
        c.joined("a", "ua");
        c.joined("b", "ub");
        return c;
    }

    Playing playingFrom(double position) {
        return new Playing(item, position, clock.millis(), 1.0, 1);
    }

    /** A report of a player that is {@code driftMs} off the room's expected position right now. */
    Report off(PlaybackState s, double driftMs) {
        return new Report("item1", s.positionAt(clock.millis()) + driftMs / 1000, false, true, clock.millis(), 600.0);
    }

    @Test
    void tinyDriftInsideTheDeadBandIsLeftAlone() {
        var c = controller(WaitPolicy.CONTINUE);
        var s = playingFrom(10);
        clock.advance(5000);
        assertThat(c.report("a", off(s, 20), s).correction()).isNull();
        assertThat(c.report("b", off(s, -25), s).correction()).isNull();
    }

    @Test
    void smallDriftGetsABoundedRateNudgeInTheRightDirection() {
        var c = controller(WaitPolicy.CONTINUE);
        var s = playingFrom(10);
        clock.advance(5000);
        var ahead = (Correction.Rate) c.report("a", off(s, 120), s).correction();
        assertThat(ahead.rate()).isLessThan(1.0).isGreaterThanOrEqualTo(1 - t.maxNudge());
        var behind = (Correction.Rate) c.report("b", off(s, -400), s).correction();
        assertThat(behind.rate()).isEqualTo(1 + t.maxNudge());
    }

    @Test
    void nudgeEndsWhenConvergedWithHysteresis() {
        var c = controller(WaitPolicy.CONTINUE);
        var s = playingFrom(10);
        clock.advance(1000);
        assertThat(c.report("a", off(s, 60), s).correction()).isInstanceOf(Correction.Rate.class);
        clock.advance(1000);
        // 20 ms is inside the dead band but not yet converged: the nudge goes on, re-aimed gentler, not ended.
        var gentler = (Correction.Rate) c.report("a", off(s, 20), s).correction();
        assertThat(gentler.rate()).isLessThan(1.0).isGreaterThan(1 - 60 / t.nudgeHorizonMs());
        clock.advance(1000);
        var end = c.report("a", off(s, 5), s).correction();
        assertThat(end).isInstanceOf(Correction.Rate.class);
        assertThat(((Correction.Rate) end).rate()).isEqualTo(1.0);
        clock.advance(1000);
        assertThat(c.report("a", off(s, 5), s).correction()).isNull();
    }

    @Test
    void overshootEndsTheNudgeAtOnce() {
        var c = controller(WaitPolicy.CONTINUE);
        var s = playingFrom(10);
        clock.advance(1000);
        c.report("a", off(s, -100), s);
        clock.advance(1000);
        var r = (Correction.Rate) c.report("a", off(s, 15), s).correction();
        assertThat(r.rate()).isEqualTo(1.0);
    }

    @Test
    void largeDriftGetsASeekToTheRoomPosition() {
        var c = controller(WaitPolicy.CONTINUE);
        var s = playingFrom(10);
        clock.advance(3000);
        var seek = (Correction.Seek) c.report("a", off(s, -2000), s).correction();
        assertThat(seek.position()).isEqualTo(13.0);
        assertThat(seek.driftMs()).isEqualTo(-2000);
    }

    @Test
    void nudgeThatDoesNotConvergeBecomesASeek() {
        var c = controller(WaitPolicy.CONTINUE);
        var s = playingFrom(10);
        clock.advance(1000);
        assertThat(c.report("a", off(s, -200), s).correction()).isInstanceOf(Correction.Rate.class);
        Correction last = null;
        for (int i = 0; i < 10 && !(last instanceof Correction.Seek); i++) {
            clock.advance(1000);
            last = c.report("a", off(s, -200), s).correction();
        }
        assertThat(last).isInstanceOf(Correction.Seek.class);
    }

    @Test
    void noCorrectionStormFromAPlayerThatCannotHoldPosition() {
        var c = controller(WaitPolicy.CONTINUE);
        var s = playingFrom(10);
        List<Correction> sent = new ArrayList<>();
        // 60 reports, every 250 ms, each 3 s off: a naive controller would seek 60 times.
        for (int i = 0; i < 60; i++) {
            clock.advance(250);
            var k = c.report("a", off(s, -3000), s).correction();
            if (k != null) sent.add(k);
        }
        assertThat(sent).hasSizeLessThanOrEqualTo(t.maxSeeks());
        assertThat(sent).allMatch(k -> k instanceof Correction.Seek);
    }

    @Test
    void seekCooldownIgnoresReportsWhileThePlayerSettles() {
        var c = controller(WaitPolicy.CONTINUE);
        var s = playingFrom(10);
        clock.advance(1000);
        assertThat(c.report("a", off(s, 900), s).correction()).isInstanceOf(Correction.Seek.class);
        clock.advance(t.seekCooldownMs() - 100);
        assertThat(c.report("a", off(s, 900), s).correction()).isNull();
        clock.advance(200);
        assertThat(c.report("a", off(s, 900), s).correction()).isInstanceOf(Correction.Seek.class);
    }

    @Test
    void pausedMemberFarFromThePausedPositionIsSeekedBack() {
        var c = controller(WaitPolicy.CONTINUE);
        var s = new Paused(item, 42, clock.millis(), 1.0, 3);
        clock.advance(2000);
        var seek = (Correction.Seek) c.report("a", new Report("item1", 44, false, false, clock.millis(), 600.0), s).correction();
        assertThat(seek.position()).isEqualTo(42.0);
        assertThat(c.report("b", new Report("item1", 42.1, false, false, clock.millis(), 600.0), s).correction()).isNull();
    }

    @Test
    void reportForAnotherItemIsIgnored() {
        var c = controller(WaitPolicy.CONTINUE);
        var s = playingFrom(10);
        clock.advance(1000);
        assertThat(c.report("a", new Report("other", 0, false, true, clock.millis(), null), s)).isEqualTo(SyncController.Outcome.NONE);
    }

    @Test
    void bufferingMemberMakesAWaitRoomWaitThenTimesOut() {
        var c = controller(WaitPolicy.WAIT);
        PlaybackState s = playingFrom(10);
        clock.advance(1000);
        Report buffering = new Report("item1", 11, true, false, clock.millis(), 600.0);
        assertThat(c.report("a", buffering, s).state()).as("a short stall is within the grace").isNull();
        clock.advance(t.bufferGraceMs());
        var waiting = (Waiting) c.report("a", new Report("item1", 11, true, false, clock.millis(), 600.0), s).state();
        assertThat(waiting.waitingFor()).containsExactly("a");
        assertThat(waiting.positionAt(clock.millis() + 5000)).as("the room is held").isEqualTo(waiting.position());
        assertThat(waiting.version()).isEqualTo(s.version() + 1);
        s = waiting;
        clock.advance(t.waitTimeoutMs() - 1);
        c.report("a", new Report("item1", 11, true, false, clock.millis(), 600.0), s);
        assertThat(c.tick(s)).isNull();
        clock.advance(1);
        var resumed = (Playing) c.tick(s);
        assertThat(resumed.position()).isEqualTo(waiting.position());
        assertThat(resumed.atMs()).isEqualTo(clock.millis());
        // The late member is excused: its next stall does not stop the room again.
        clock.advance(2000);
        assertThat(c.report("a", new Report("item1", 11, true, false, clock.millis(), 600.0), resumed).state()).isNull();
    }

    @Test
    void waitEndsAsSoonAsTheBufferingMemberCanPlay() {
        var c = controller(WaitPolicy.WAIT);
        var s = new Waiting(item, 20, clock.millis(), 1.0, 5, java.util.Set.of("a"), clock.millis());
        clock.advance(800);
        var p = (Playing) c.report("a", new Report("item1", 20, false, false, clock.millis(), 600.0), s).state();
        assertThat(p.position()).isEqualTo(20.0);
        assertThat(p.atMs()).isEqualTo(clock.millis());
    }

    @Test
    void waitEndsWhenTheBufferingMemberLeaves() {
        var c = controller(WaitPolicy.WAIT);
        var s = new Waiting(item, 20, clock.millis(), 1.0, 5, java.util.Set.of("a"), clock.millis());
        assertThat(c.left("a", s)).isInstanceOf(Playing.class);
    }

    @Test
    void continueRoomNeverWaitsAndSeeksTheLateMemberOnceItCanPlay() {
        var c = controller(WaitPolicy.CONTINUE);
        var s = playingFrom(10);
        for (int i = 0; i < 10; i++) {
            clock.advance(1000);
            var o = c.report("a", new Report("item1", 11, true, false, clock.millis(), 600.0), s);
            assertThat(o.state()).isNull();
            assertThat(o.correction()).isNull();
        }
        assertThat(c.report("a", new Report("item1", 11, false, true, clock.millis(), 600.0), s).correction()).isInstanceOf(Correction.Seek.class);
    }

    @Test
    void hostViewShowsDriftBufferingAndSilence() {
        var c = controller(WaitPolicy.CONTINUE);
        var s = playingFrom(10);
        clock.advance(1000);
        c.report("a", off(s, 80), s);
        clock.advance(t.staleReportMs() + 1);
        c.report("b", new Report("item1", 0, true, false, clock.millis(), null), s);
        var h = c.health(s);
        assertThat(h).extracting(SyncController.Health::memberId).containsExactly("a", "b");
        assertThat(h.get(0).driftMs()).isEqualTo(80.0);
        assertThat(h.get(0).connected()).isFalse();
        assertThat(h.get(1).buffering()).isTrue();
        assertThat(h.get(1).connected()).isTrue();
    }

    @Test
    void thresholdsMustBeOrdered() {
        assertThatThrownBy(() -> new SyncThresholds(500, 10, 450, 0.05, 1500, 8000, 1500, 1000, 4, 30_000, 1000, 10_000, 5000))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
