package io.juntos.playback;

import io.juntos.playback.PlaybackState.Item;
import io.juntos.playback.PlaybackState.Paused;
import io.juntos.playback.PlaybackState.Playing;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Playback actions as pure transitions: anchoring, versions, and refusals that change nothing. */
class TransitionsTest {
    final long t0 = 1_800_000_000_000L;
    final Item item = new Item("i", "url", "https://example.org/v.mp4", 100.0);
    final PlaybackState paused = new Paused(item, 10, t0, 1.0, 4);

    @Test
    void playAnchorsThePositionAtTheServerTimeAndAdvancesWithTheRate() {
        var s = Transitions.apply(paused, new Action.Play(null), t0 + 5000);
        assertThat(s).isInstanceOf(Playing.class);
        assertThat(s.version()).isEqualTo(5);
        assertThat(s.positionAt(t0 + 7000)).isEqualTo(12.0);
        var fast = Transitions.apply(s, new Action.Rate(2.0), t0 + 7000);
        assertThat(fast.positionAt(t0 + 8000)).isEqualTo(14.0);
    }

    @Test
    void pauseFreezesTheExpectedPosition() {
        var playing = Transitions.apply(paused, new Action.Play(null), t0);
        var s = Transitions.apply(playing, new Action.Pause(null), t0 + 3000);
        assertThat(s).isInstanceOf(Paused.class);
        assertThat(s.positionAt(t0 + 60_000)).isEqualTo(13.0);
    }

    @Test
    void seekKeepsPlayingOrPaused() {
        var playing = Transitions.apply(paused, new Action.Play(null), t0);
        assertThat(Transitions.apply(playing, new Action.Seek(50), t0 + 1)).isInstanceOf(Playing.class);
        assertThat(Transitions.apply(paused, new Action.Seek(50), t0 + 1)).isInstanceOf(Paused.class).extracting(PlaybackState::position).isEqualTo(50.0);
    }

    @Test
    void positionNeverRunsPastTheKnownEnd() {
        var playing = Transitions.apply(paused, new Action.Play(null), t0);
        assertThat(playing.positionAt(t0 + 1_000_000)).isEqualTo(100.0);
        assertThat(Transitions.ended(playing, t0 + 90_000)).isTrue();
        assertThat(Transitions.ended(playing, t0 + 80_000)).isFalse();
    }

    @Test
    void refusesNegativeNanPastEndPositionsAndRatesOutOfRange() {
        assertThatThrownBy(() -> Transitions.apply(paused, new Action.Seek(-1), t0)).hasFieldOrPropertyWithValue("field", "position");
        assertThatThrownBy(() -> Transitions.apply(paused, new Action.Seek(Double.NaN), t0)).hasFieldOrPropertyWithValue("code", "not_a_number");
        assertThatThrownBy(() -> Transitions.apply(paused, new Action.Seek(100.5), t0)).hasFieldOrPropertyWithValue("code", "past_end");
        assertThatThrownBy(() -> Transitions.apply(paused, new Action.Rate(0.2), t0)).hasFieldOrPropertyWithValue("field", "rate");
        assertThatThrownBy(() -> Transitions.apply(paused, new Action.Rate(2.01), t0)).hasFieldOrPropertyWithValue("field", "rate");
    }

    @Test
    void playWithAnEmptyQueueIsRefused() {
        assertThatThrownBy(() -> Transitions.apply(PlaybackState.initial(t0), new Action.Play(null), t0)).hasFieldOrPropertyWithValue("code", "queue_empty");
    }

    @Test
    void loadingTheNextItemStartsAtZeroAndKeepsPlaying() {
        var playing = Transitions.apply(paused, new Action.Play(null), t0);
        var next = new Item("j", "youtube", "dQw4w9WgXcQ", null);
        var s = Transitions.apply(playing, new Action.Load(next), t0 + 1000);
        assertThat(s).isInstanceOf(Playing.class);
        assertThat(s.item()).isEqualTo(next);
        assertThat(s.position()).isZero();
        assertThat(Transitions.apply(s, new Action.Load(null), t0 + 2000)).isInstanceOf(Paused.class);
    }
}
