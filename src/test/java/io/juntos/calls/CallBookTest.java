package io.juntos.calls;

import io.juntos.http.ApiException;
import io.juntos.testing.TestClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The pure call rules, without a server: starts, joins, caps, ringing and the clock. */
class CallBookTest {
    private final TestClock clock = TestClock.frozen();
    private final CallBook book = new CallBook(new CallLimits(3, 2, Duration.ofSeconds(30), Duration.ofSeconds(10)), clock);
    private final Scope conv = new Scope(Scope.Kind.CONVERSATION, "01hwconversation0000000000");

    @Test
    void twoPeopleStartingAtOnceEndUpInOneCall() {
        var first = book.start(conv, "ana", "c1", true, false, List.of());
        var second = book.start(conv, "bia", "c2", true, false, List.of());
        assertThat(second.created()).isFalse();
        assertThat(second.call().id()).isEqualTo(first.call().id());
        assertThat(second.call().participants()).hasSize(2);
    }

    @Test
    void durationCountsFromTheAnswerNotTheRing() {
        var call = book.start(conv, "ana", "c1", true, true, List.of("bia")).call();
        clock.advance(Duration.ofSeconds(20));
        assertThat(book.join(call.id(), "bia", "c2", true, true).answered()).isTrue();
        clock.advance(Duration.ofSeconds(5));
        CallEnd end = book.leave(call.id(), "c2").end();
        assertThat(end.reason()).isEqualTo(CallEnd.Reason.ENDED);
        assertThat(end.durationMs()).isEqualTo(5_000);
        assertThat(book.get(call.id())).isEmpty();
    }

    @Test
    void ringTimeoutAndDropGraceFollowTheInjectedClock() {
        var rung = book.start(conv, "ana", "c1", true, false, List.of("bia")).call();
        clock.advance(Duration.ofSeconds(29));
        assertThat(book.tick().missed()).isEmpty();
        clock.advance(Duration.ofSeconds(1));
        assertThat(book.tick().missed()).extracting(e -> e.call().id()).containsExactly(rung.id());

        Scope group = new Scope(Scope.Kind.CONVERSATION, "01hwgroup00000000000000000");
        var call = book.start(group, "ana", "c1", true, false, List.of()).call();
        book.join(call.id(), "bia", "c2", true, false);
        book.join(call.id(), "cai", "c3", true, false);
        assertThat(book.dropped("c2")).hasSize(1);
        clock.advance(Duration.ofSeconds(9));
        assertThat(book.tick().removed()).isEmpty();
        clock.advance(Duration.ofSeconds(1));
        var removed = book.tick().removed();
        assertThat(removed).extracting(l -> l.who().userId()).containsExactly("bia");
        assertThat(removed.getFirst().end()).as("two remain in a group call").isNull();
    }

    @Test
    void capsAreDataVideoBeyondTheCapIsRefusedAndAFullCallRefusesJoiners() {
        var call = book.start(conv, "ana", "c1", true, true, List.of()).call();
        assertThat(book.join(call.id(), "bia", "c2", true, true).videoRefused()).isNull();
        var third = book.join(call.id(), "cai", "c3", true, true);
        assertThat(third.videoRefused()).isEqualTo("video_full");
        assertThat(third.call().byConnection("c3").video()).isFalse();
        assertThatThrownBy(() -> book.join(call.id(), "dan", "c4", true, false))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.code()).isEqualTo("call_full"));
        assertThat(book.join(call.id(), "cai", "c5", true, false).replacedConnection()).as("same person, new device").isEqualTo("c3");
    }

    @Test
    void onlyParticipantsOnTheirOwnConnectionsMaySignal() {
        var call = book.start(conv, "ana", "c1", true, false, List.of()).call();
        book.join(call.id(), "bia", "c2", true, false);
        assertThat(book.route(call.id(), "c1", "c2").userId()).isEqualTo("ana");
        assertThatThrownBy(() -> book.route(call.id(), "c9", "c2")).isInstanceOf(ApiException.class);
        assertThatThrownBy(() -> book.route(call.id(), "c1", "c9")).isInstanceOf(ApiException.class);
        assertThatThrownBy(() -> book.route(call.id(), "c1", "c1")).isInstanceOf(ApiException.class);
    }
}
