package io.juntos.playback;

import io.juntos.playback.PlaybackState.Item;
import io.juntos.playback.PlaybackState.Paused;
import io.juntos.playback.PlaybackState.Playing;
import io.juntos.playback.PlaybackState.Waiting;

/**
 * The controller actions as pure functions of the current state and the server time. Every
 * accepted action anchors the position at {@code nowMs} and bumps the version; a refused one
 * throws {@link PlaybackException} and leaves nothing changed.
 */
public final class Transitions {
    public static final double MIN_RATE = 0.25;
    public static final double MAX_RATE = 2.0;

    private Transitions() {
    }

    public static PlaybackState apply(PlaybackState s, Action a, long nowMs) {
        long v = s.version() + 1;
        return switch (a) {
            case Action.Play p -> {
                Item item = requireItem(s);
                double at = p.position() == null ? s.positionAt(nowMs) : checkPosition(s, p.position());
                // Play while members buffer keeps the room waiting; it resumes when they are ready.
                if (s instanceof Waiting w) yield new Waiting(item, at, nowMs, s.rate(), v, w.waitingFor(), w.sinceMs());
                if (s instanceof Playing && p.position() == null) yield s;
                yield new Playing(item, restartIfAtEnd(item, at), nowMs, s.rate(), v);
            }
            case Action.Pause p -> {
                Item item = requireItem(s);
                double at = p.position() == null ? s.positionAt(nowMs) : checkPosition(s, p.position());
                yield new Paused(item, at, nowMs, s.rate(), v);
            }
            case Action.Seek k -> {
                double at = checkPosition(s, k.position());
                yield with(s, requireItem(s), at, nowMs, s.rate(), v);
            }
            case Action.Rate r -> {
                double rate = checkRate(r.rate());
                yield with(s, s.item(), s.positionAt(nowMs), nowMs, rate, v);
            }
            case Action.Load l -> l.item() == null
                    ? new Paused(s.item(), s.positionAt(nowMs), nowMs, s.rate(), v)
                    // The next item starts playing if the room was playing (auto-advance), else waits paused at 0.
                    : s instanceof Paused ? new Paused(l.item(), 0, nowMs, s.rate(), v) : new Playing(l.item(), 0, nowMs, s.rate(), v);
        };
    }

    /** The same kind of state with a new anchor (a seek keeps playing or paused). */
    private static PlaybackState with(PlaybackState s, Item item, double position, long nowMs, double rate, long v) {
        return switch (s) {
            case Playing p -> new Playing(item, position, nowMs, rate, v);
            case Paused p -> new Paused(item, position, nowMs, rate, v);
            case Waiting w -> new Waiting(item, position, nowMs, rate, v, w.waitingFor(), w.sinceMs());
        };
    }

    /** True once a playing item has reached its known end (auto-advance is due). */
    public static boolean ended(PlaybackState s, long nowMs) {
        return s instanceof Playing p && p.item() != null && p.item().duration() != null
                && p.positionAt(nowMs) >= p.item().duration() - 0.05;
    }

    public static double checkPosition(PlaybackState s, Double position) {
        if (position == null) throw new PlaybackException("position", "required", "Give the position in seconds.");
        if (position.isNaN() || position.isInfinite()) throw new PlaybackException("position", "not_a_number", "The position must be a number of seconds.");
        if (position < 0) throw new PlaybackException("position", "out_of_range", "The position cannot be negative.");
        Double d = s.item() == null ? null : s.item().duration();
        if (d != null && position > d) throw new PlaybackException("position", "past_end", "The video is only " + Math.round(d) + " s long.");
        return position;
    }

    public static double checkRate(Double rate) {
        if (rate == null) throw new PlaybackException("rate", "required", "Give the rate.");
        if (rate.isNaN() || rate < MIN_RATE || rate > MAX_RATE) {
            throw new PlaybackException("rate", "out_of_range", "The rate must be from " + MIN_RATE + " to " + MAX_RATE + ".");
        }
        return rate;
    }

    private static Item requireItem(PlaybackState s) {
        if (s.item() == null) throw new PlaybackException("action", "queue_empty", "Add a video to the queue first.");
        return s.item();
    }

    private static double restartIfAtEnd(Item item, double at) {
        return item.duration() != null && at >= item.duration() - 0.05 ? 0 : at;
    }
}
