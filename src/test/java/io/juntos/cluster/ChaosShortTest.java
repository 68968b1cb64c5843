package io.juntos.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import io.juntos.bench.chaos.DeliveryChecker;
import io.juntos.bench.chaos.DeliveryChecker.Acked;
import io.juntos.bench.chaos.DeliveryChecker.Committed;
import io.juntos.bench.chaos.DeliveryChecker.Delivered;
import io.juntos.testing.Api;
import org.junit.jupiter.api.Test;

import java.net.http.HttpClient;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The chaos test of the cluster (issue 12), short form: three PostgreSQL nodes behind HAProxy, a
 * Redis of the test's own, groups of 8 members each sending continuously through the balancer.
 * While they send: one node is killed (SIGKILL) and restarted, Redis crashes and comes back empty,
 * another node is drained (SIGTERM) and restarted, and every socket is cut at once while extra
 * connections pour in (a reconnect storm). Then {@link DeliveryChecker} rules on every client's
 * log and the database: lost, duplicated, out of order, phantom and acked-but-missing all zero.
 * Sizes come from system properties so that {@code bench/chaos/run.sh} runs the long form.
 */
class ChaosShortTest {
    private static final int CLIENTS = Integer.getInteger("juntos.chaos.clients", 64);
    private static final int GROUP = 8;
    private static final int STORM = Integer.getInteger("juntos.chaos.storm", 200);
    private static final Duration PHASE = Duration.ofSeconds(Long.getLong("juntos.chaos.phaseSeconds", 6));
    private static final Duration PACE = Duration.ofMillis(Long.getLong("juntos.chaos.paceMs", 250));

    @Test
    void everyAckedMessageReachesEveryMemberExactlyOnceInOrderThroughKillRedisRestartDrainAndStorm() throws Exception {
        long began = System.nanoTime();
        try (var cluster = ChaosCluster.start(3)) {
            System.out.println("chaos: cluster up in " + seconds(began) + " s, logs in " + cluster.work());
            var http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            Map<String, Set<String>> members = new HashMap<>();
            List<ChaosClient> clients = groups(cluster, http, members);
            clients.forEach(ChaosClient::start);
            Map<String, Long> recover = new java.util.LinkedHashMap<>();
            awaitAll(clients, c -> c.lastAckAt() > 0, Duration.ofSeconds(60), "every client sends");
            Thread.sleep(PHASE.toMillis()); // traffic before the first fault

            long t = fault(() -> { cluster.kill(0); return null; });
            recover.put("SIGKILL node 1", recovered(clients, t));
            cluster.startNode(0);
            // Back in the pool before Redis goes: a node that starts while Redis is down refuses to start (by design).
            cluster.awaitReady(0, Duration.ofSeconds(180));
            Thread.sleep(PHASE.toMillis());

            t = fault(() -> { cluster.restartRedis(Duration.ofSeconds(2)); return null; });
            recover.put("Redis restart", recovered(clients, t));
            Thread.sleep(PHASE.toMillis());

            t = fault(() -> assertThat(cluster.drain(1, Duration.ofSeconds(30))).as("node 2 drained and exited on SIGTERM").isTrue());
            recover.put("SIGTERM drain node 2", recovered(clients, t));
            cluster.startNode(1);
            cluster.awaitReady(1, Duration.ofSeconds(180));
            Thread.sleep(PHASE.toMillis());

            t = System.nanoTime();
            int stormed = storm(clients);
            recover.put("reconnect storm", recovered(clients, t));
            Thread.sleep(PHASE.toMillis());

            clients.forEach(ChaosClient::stopSending);
            long presenceOn = presenceSettles(cluster, clients, true);
            // Quiesce: every member ends holding the last seq of its conversation (what is
            // committed), or the checker reports what it misses.
            Map<String, Long> last = lastSeqs(cluster);
            awaitAll(clients, c -> c.highestSeq() >= last.getOrDefault(c.conversationId, 0L), Duration.ofSeconds(30), "every member caught up");
            for (ChaosClient c : clients) c.stop();

            List<Committed> db = committed(cluster);
            List<Acked> acks = new ArrayList<>();
            List<Delivered> log = new ArrayList<>();
            int sent = 0, reconnects = 0;
            for (ChaosClient c : clients) {
                acks.addAll(c.acks());
                log.addAll(c.log());
                sent += c.sent();
                reconnects += c.reconnects();
            }
            var v = DeliveryChecker.check(db, acks, log, members);
            System.out.printf("chaos: clients=%d groups=%d sent=%d acked=%d committed=%d delivered=%d lost=%d duplicated=%d outOfOrder=%d phantom=%d ackedMissing=%d reconnects=%d storm=%d recover(ms)=%s total=%ds load=%.2f%n",
                    clients.size(), clients.size() / GROUP, sent, v.acked(), db.size(), v.delivered(), v.lost(), v.duplicated(), v.outOfOrder(), v.phantom(), v.ackedMissing(),
                    reconnects, stormed, recover, seconds(began), java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
            if (!v.clean()) System.out.println("chaos: first faults: " + faults(db, clients));
            long presenceOff = presenceSettles(cluster, clients, false);
            System.out.println("chaos: presence(ms): online=" + presenceOn + " offline=" + presenceOff);
            assertThat(v.acked()).as("messages were acknowledged during the run").isGreaterThan(clients.size());
            assertThat(reconnects).as("the faults cut sockets and clients reconnected").isGreaterThanOrEqualTo(clients.size());
            assertThat(v).as("checker verdict").satisfies(x -> assertThat(x.clean()).as(x.toString()).isTrue());
            assertThat(v.delivered()).as("each committed message reached all %d members of its group", GROUP).isEqualTo((long) db.size() * GROUP);
        }
    }

    /** Signs everyone up through the balancer and makes groups of {@link #GROUP}. */
    private static List<ChaosClient> groups(ChaosCluster cluster, HttpClient http, Map<String, Set<String>> members) {
        Api api = new Api(cluster.lbUrl());
        List<ChaosClient> clients = new ArrayList<>();
        for (int g = 0; g < CLIENTS / GROUP; g++) {
            List<Api.Account> accounts = new ArrayList<>();
            for (int i = 0; i < GROUP; i++) accounts.add(api.signup("ch" + g + "m" + i));
            JsonNode group = api.as(accounts.getFirst().accessToken()).post("/api/conversations/groups", Map.of("name", "Chaos " + g)).json();
            String conv = group.path("id").asText();
            for (Api.Account a : accounts.subList(1, accounts.size())) {
                assertThat(api.as(a.accessToken()).post("/api/conversations/join", Map.of("code", group.path("joinCode").asText())).status()).isEqualTo(201);
            }
            Set<String> ids = new HashSet<>();
            for (Api.Account a : accounts) {
                ids.add(a.id());
                clients.add(new ChaosClient(a.id(), conv, a.accessToken(), cluster.lbUrl(), http, PACE));
            }
            members.put(conv, ids);
        }
        return clients;
    }

    private interface Fault {
        Object run() throws Exception;
    }

    private static long fault(Fault f) throws Exception {
        long t = System.nanoTime();
        f.run();
        return t;
    }

    /**
     * Time to recover: from the fault until every client has had a send acknowledged after it
     * (connected, resumed and writing again, wherever the balancer sent it).
     */
    private static long recovered(List<ChaosClient> clients, long since) throws InterruptedException {
        awaitAll(clients, c -> c.lastAckAt() > since, Duration.ofSeconds(90), "every client sends again after the fault");
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - since);
    }

    /** Cuts every client's socket at once and opens {@link #STORM} extra connections (ready + resume) at the same time. */
    private static int storm(List<ChaosClient> clients) {
        clients.forEach(ChaosClient::cut);
        // Extra sockets of existing members at the same time; they only connect, resume and leave.
        List<CompletableFuture<Void>> extra = new ArrayList<>();
        for (int i = 0; i < STORM; i++) extra.add(clients.get(i % clients.size()).visit());
        int opened = 0;
        for (var f : extra) {
            try {
                f.get(60, TimeUnit.SECONDS);
                opened++;
            } catch (Exception refused) {
                // counted as not opened; the storm's figure says how many made it
            }
        }
        return clients.size() + opened;
    }

    /**
     * Presence settled to the truth, as any member sees it through the balancer (whichever node
     * answers): every member online while all clients are connected, and every one offline once
     * they have all left, despite the killed node's sockets (expired after JUNTOS_PRESENCE_TTL)
     * and the Redis that came back empty. Returns how long it took, in ms.
     */
    private static long presenceSettles(ChaosCluster cluster, List<ChaosClient> clients, boolean online) throws InterruptedException {
        long t = System.nanoTime();
        Api api = new Api(cluster.lbUrl());
        Map<String, ChaosClient> askers = new HashMap<>();
        clients.forEach(c -> askers.putIfAbsent(c.conversationId, c));
        long deadline = t + TimeUnit.SECONDS.toNanos(ChaosCluster.PRESENCE_TTL_SECONDS * 3 + 30);
        String wrong = "";
        while (System.nanoTime() < deadline) {
            wrong = "";
            for (ChaosClient asker : askers.values()) {
                JsonNode list = api.as(asker.token()).get("/api/conversations/" + asker.conversationId + "/members").json();
                if (list.path("items").size() != GROUP) wrong = "members listed: " + list;
                for (JsonNode m : list.path("items")) {
                    if (m.path("online").asBoolean() != online) wrong = m.path("user").path("id").asText() + " online=" + !online;
                }
            }
            if (wrong.isEmpty()) return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t);
            Thread.sleep(500); // polling what the cluster shows; presence changes on the nodes' own timers
        }
        throw new AssertionError("presence did not settle to online=" + online + ": " + wrong);
    }

    /** For the failure message: a few members with the seqs they never got and where their order broke. */
    private static String faults(List<Committed> db, List<ChaosClient> clients) {
        Map<String, Set<Long>> committed = new HashMap<>();
        db.forEach(c -> committed.computeIfAbsent(c.conversationId(), k -> new java.util.TreeSet<>()).add(c.seq()));
        List<String> out = new ArrayList<>();
        for (ChaosClient c : clients) {
            Set<Long> missing = new java.util.TreeSet<>(committed.getOrDefault(c.conversationId, Set.of()));
            List<Long> backwards = new ArrayList<>();
            long max = 0;
            for (Delivered d : c.log()) {
                missing.remove(d.seq());
                if (d.seq() < max) backwards.add(d.seq());
                max = Math.max(max, d.seq());
            }
            if (!missing.isEmpty() || !backwards.isEmpty()) {
                out.add(c.memberId + " missing=" + missing.stream().limit(12).toList() + " backwards=" + backwards.stream().limit(12).toList() + " reconnects=" + c.reconnects());
            }
            if (out.size() >= 6) break;
        }
        return String.join("; ", out);
    }

    private static Map<String, Long> lastSeqs(ChaosCluster cluster) throws Exception {
        Map<String, Long> last = new HashMap<>();
        for (Committed c : committed(cluster)) last.merge(c.conversationId(), c.seq(), Math::max);
        return last;
    }

    private static List<Committed> committed(ChaosCluster cluster) throws Exception {
        List<Committed> all = new ArrayList<>();
        try (var conn = DriverManager.getConnection(cluster.dbUrl()); var st = conn.createStatement();
             var rs = st.executeQuery("SELECT conversation_id, seq, client_msg_id FROM messages")) {
            while (rs.next()) all.add(new Committed(rs.getString(1), rs.getLong(2), rs.getString(3)));
        }
        return all;
    }

    private static void awaitAll(List<ChaosClient> clients, java.util.function.Predicate<ChaosClient> p, Duration timeout, String what) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (clients.stream().allMatch(p)) return;
            Thread.sleep(50); // polling many clients' progress; each changes on its own thread
        }
        long behind = clients.stream().filter(p.negate()).count();
        throw new AssertionError(what + ": " + behind + " of " + clients.size() + " clients not there within " + timeout);
    }

    private static long seconds(long since) {
        return TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - since);
    }
}
