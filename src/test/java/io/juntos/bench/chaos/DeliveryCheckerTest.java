package io.juntos.bench.chaos;

import io.juntos.bench.chaos.DeliveryChecker.Acked;
import io.juntos.bench.chaos.DeliveryChecker.Committed;
import io.juntos.bench.chaos.DeliveryChecker.Delivered;
import io.juntos.bench.chaos.DeliveryChecker.Verdict;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The chaos checker on hand-made logs: each fault it must catch, and a clean run. */
class DeliveryCheckerTest {
    static final List<Committed> DB = List.of(new Committed("c", 1, "m1"), new Committed("c", 2, "m2"), new Committed("c", 3, "m3"));
    static final List<Acked> ACKS = List.of(new Acked("c", "m1", 1), new Acked("c", "m2", 2), new Acked("c", "m3", 3));
    static final Map<String, Set<String>> MEMBERS = Map.of("c", Set.of("ann", "bob"));

    static List<Delivered> both(long... seqs) {
        List<Delivered> log = new ArrayList<>();
        for (String who : List.of("ann", "bob")) for (long s : seqs) log.add(new Delivered(who, "c", s, "m" + s));
        return log;
    }

    @Test
    void everyMessageOnceInOrderToEveryMemberIsClean() {
        Verdict v = DeliveryChecker.check(DB, ACKS, both(1, 2, 3), MEMBERS);
        assertThat(v.clean()).as(v.toString()).isTrue();
        assertThat(v.delivered()).isEqualTo(6);
    }

    @Test
    void aMessageReplayedAfterResumeThatWasAlreadySeenCountsAsDuplicated() {
        Verdict v = DeliveryChecker.check(DB, ACKS, both(1, 2, 2, 3), MEMBERS);
        assertThat(v.duplicated()).isEqualTo(2);
        assertThat(v.clean()).isFalse();
    }

    @Test
    void aMemberWhoNeverGotAMessageCountsItLost() {
        List<Delivered> log = new ArrayList<>(both(1, 2, 3));
        log.removeIf(d -> d.memberId().equals("bob") && d.seq() == 2);
        Verdict v = DeliveryChecker.check(DB, ACKS, log, MEMBERS);
        assertThat(v.lost()).isEqualTo(1);
        assertThat(v.duplicated()).isZero();
    }

    @Test
    void aLowerSeqAfterAHigherOneIsOutOfOrder() {
        Verdict v = DeliveryChecker.check(DB, ACKS, both(1, 3, 2), MEMBERS);
        assertThat(v.outOfOrder()).isEqualTo(2);
        assertThat(v.lost()).isZero();
    }

    @Test
    void aDeliveryOfSomethingNotCommittedIsPhantomAndAnAckWithoutItsRowIsMissing() {
        List<Delivered> log = new ArrayList<>(both(1, 2, 3));
        log.add(new Delivered("ann", "c", 4, "m4"));
        log.add(new Delivered("bob", "c", 2, "other")); // a seq the database gave to another message
        List<Acked> acks = new ArrayList<>(ACKS);
        acks.add(new Acked("c", "m4", 4));
        Verdict v = DeliveryChecker.check(DB, acks, log, MEMBERS);
        assertThat(v.phantom()).isEqualTo(2);
        assertThat(v.ackedMissing()).isEqualTo(1);
    }
}
