package io.juntos.conversations;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The batching itself, with a committer of the test's own that records what it was handed. */
class GroupCommitTest {

    @Test
    void aLoneItemIsCommittedAtOnceAndItemsQueuedMeanwhileGoTogetherInOrder() throws Exception {
        var firstStarted = new CountDownLatch(1);
        var releaseFirst = new CountDownLatch(1);
        List<List<Integer>> batches = new CopyOnWriteArrayList<>();
        try (var gc = new GroupCommit<Integer, String>("test-writer", 1, 100, i -> 0, batch -> {
            batches.add(batch);
            if (batch.contains(0)) {
                firstStarted.countDown();
                await(releaseFirst);
            }
            return batch.stream().map(i -> "ok" + i).toList();
        })) {
            var first = gc.submit(0);
            assertThat(firstStarted.await(5, TimeUnit.SECONDS)).as("a lone item does not wait for company").isTrue();
            List<CompletableFuture<String>> rest = new ArrayList<>();
            for (int i = 1; i <= 5; i++) rest.add(gc.submit(i));
            assertThat(rest).noneMatch(CompletableFuture::isDone);
            releaseFirst.countDown();
            assertThat(first.get(5, TimeUnit.SECONDS)).isEqualTo("ok0");
            for (int i = 1; i <= 5; i++) assertThat(rest.get(i - 1).get(5, TimeUnit.SECONDS)).isEqualTo("ok" + i);
        }
        assertThat(batches).containsExactly(List.of(0), List.of(1, 2, 3, 4, 5));
    }

    @Test
    void aFailedCommitFailsEveryItemOfItsBatchAndNoneCompletesWithAResult() throws Exception {
        var firstStarted = new CountDownLatch(1);
        var releaseFirst = new CountDownLatch(1);
        try (var gc = new GroupCommit<Integer, String>("test-writer", 1, 100, i -> 0, batch -> {
            if (batch.contains(0)) {
                firstStarted.countDown();
                await(releaseFirst);
                return List.of("ok0");
            }
            throw new IllegalStateException("disk full");
        })) {
            var first = gc.submit(0);
            assertThat(firstStarted.await(5, TimeUnit.SECONDS)).isTrue();
            List<CompletableFuture<String>> doomed = new ArrayList<>();
            for (int i = 1; i <= 4; i++) doomed.add(gc.submit(i));
            releaseFirst.countDown();
            assertThat(first.get(5, TimeUnit.SECONDS)).isEqualTo("ok0");
            for (var d : doomed) {
                assertThatThrownBy(() -> d.get(5, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class).hasRootCauseMessage("disk full");
            }
        }
    }

    @Test
    void batchesAreCutAtTheirBoundAndItemsOfOneKeyStayInOrderOnOneStripe() throws Exception {
        var releaseFirst = new CountDownLatch(1);
        List<List<Integer>> batches = new CopyOnWriteArrayList<>();
        try (var gc = new GroupCommit<Integer, Integer>("test-writer", 2, 3, i -> i % 2, batch -> {
            batches.add(batch);
            if (batch.contains(0)) await(releaseFirst);
            return batch;
        })) {
            List<CompletableFuture<Integer>> all = new ArrayList<>();
            for (int i = 0; i < 20; i += 2) all.add(gc.submit(i));
            releaseFirst.countDown();
            for (var f : all) f.get(5, TimeUnit.SECONDS);
        }
        assertThat(batches).allMatch(b -> b.size() <= 3);
        assertThat(batches.stream().flatMap(List::stream).toList()).containsExactly(0, 2, 4, 6, 8, 10, 12, 14, 16, 18);
    }

    @Test
    void afterCloseQueuedItemsAreStillWrittenAndNewOnesAreRefused() throws Exception {
        List<Integer> written = new CopyOnWriteArrayList<>();
        var gc = new GroupCommit<Integer, Integer>("test-writer", 1, 10, i -> 0, batch -> {
            written.addAll(batch);
            return batch;
        });
        var before = gc.submit(1);
        gc.close();
        assertThat(before.get(5, TimeUnit.SECONDS)).isEqualTo(1);
        assertThatThrownBy(() -> gc.submit(2).get(5, TimeUnit.SECONDS)).hasCauseInstanceOf(GroupCommit.ClosedException.class);
        assertThat(written).containsExactly(1);
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(10, TimeUnit.SECONDS)) throw new IllegalStateException("never released");
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }
}
