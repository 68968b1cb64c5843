package io.juntos.bench.chaos;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The chaos test's verdict, pure (no I/O): from what every client logged and what the database
 * holds, counts what a cluster must never do. Every acknowledged message is in the database;
 * every member received every committed message of its conversations exactly once and in
 * sequence order (counting all of its connections, resumes included); nothing was delivered
 * that was not committed. A clean run has every fault count at zero.
 */
public final class DeliveryChecker {
    private DeliveryChecker() {
    }

    /** A message as the database holds it. */
    public record Committed(String conversationId, long seq, String clientMsgId) {
    }

    /** A send a client made and the server acknowledged, with the seq the ack carried. */
    public record Acked(String conversationId, String clientMsgId, long seq) {
    }

    /** One {@code message.created} a member's client received, in arrival order across its connections. */
    public record Delivered(String memberId, String conversationId, long seq, String clientMsgId) {
    }

    /**
     * The counts. {@code lost}: (member, committed message) pairs never delivered; {@code
     * duplicated}: deliveries of a message the member already had; {@code outOfOrder}: deliveries
     * with a lower seq than one before; {@code phantom}: deliveries of nothing committed (or with
     * another seq or client id than committed); {@code ackedMissing}: acks without their row.
     */
    public record Verdict(long acked, long delivered, long lost, long duplicated, long outOfOrder, long phantom, long ackedMissing) {
        public boolean clean() {
            return lost == 0 && duplicated == 0 && outOfOrder == 0 && phantom == 0 && ackedMissing == 0;
        }
    }

    /** {@code members}: conversation id → member ids who were members for the whole run. */
    public static Verdict check(List<Committed> db, List<Acked> acks, List<Delivered> log, Map<String, Set<String>> members) {
        Map<String, TreeMap<Long, String>> byConv = new HashMap<>();
        for (Committed c : db) byConv.computeIfAbsent(c.conversationId(), k -> new TreeMap<>()).put(c.seq(), c.clientMsgId());
        long ackedMissing = acks.stream().filter(a -> !a.clientMsgId().equals(byConv.getOrDefault(a.conversationId(), new TreeMap<>()).get(a.seq()))).count();

        Map<String, Set<Long>> got = new HashMap<>();
        Map<String, Long> last = new HashMap<>();
        long duplicated = 0, outOfOrder = 0, phantom = 0;
        for (Delivered d : log) {
            String committed = byConv.getOrDefault(d.conversationId(), new TreeMap<>()).get(d.seq());
            if (committed == null || !committed.equals(d.clientMsgId())) {
                phantom++;
                continue;
            }
            String key = d.memberId() + "|" + d.conversationId();
            if (!got.computeIfAbsent(key, k -> new HashSet<>()).add(d.seq())) duplicated++;
            Long before = last.put(key, Math.max(d.seq(), last.getOrDefault(key, 0L)));
            if (before != null && d.seq() < before) outOfOrder++;
        }
        long lost = 0;
        for (var e : members.entrySet()) {
            var committed = byConv.getOrDefault(e.getKey(), new TreeMap<>()).keySet();
            for (String m : e.getValue()) {
                Set<Long> had = got.getOrDefault(m + "|" + e.getKey(), Set.of());
                lost += committed.stream().filter(seq -> !had.contains(seq)).count();
            }
        }
        return new Verdict(acks.size(), log.size(), lost, duplicated, outOfOrder, phantom, ackedMissing);
    }

    /** Builds a log in arrival order from per-connection logs already in order (a convenience for harnesses). */
    public static List<Delivered> concat(List<List<Delivered>> connections) {
        List<Delivered> all = new ArrayList<>();
        connections.forEach(all::addAll);
        return all;
    }
}
