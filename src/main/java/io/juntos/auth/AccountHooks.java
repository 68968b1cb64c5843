package io.juntos.auth;

import org.jdbi.v3.core.Handle;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * What other features tell accounts about their own data, without accounts reading their tables:
 * how to erase a person's data when the account is deleted, and whether two people share a space
 * (a conversation, a room) so that one may see the other's profile. Features register at install;
 * accounts asks at request time.
 */
public final class AccountHooks {
    /** Erases what a feature holds for a deleted account, in the deleting transaction. */
    @FunctionalInterface
    public interface AccountDeletion {
        /**
         * Runs inside the transaction that turns the account into a tombstone; work outside the
         * database (files) belongs in {@code h.afterCommit}. Must be safe to run again.
         */
        void erase(Handle h, String userId);
    }

    /** Whether two people meet somewhere this feature owns (a shared conversation, a room). */
    @FunctionalInterface
    public interface SharedSpaces {
        boolean share(String userId, String otherId);
    }

    private final List<AccountDeletion> deletions = new CopyOnWriteArrayList<>();
    private final List<SharedSpaces> spaces = new CopyOnWriteArrayList<>();

    public void onDeletion(AccountDeletion deletion) {
        deletions.add(deletion);
    }

    public void sharedSpaces(SharedSpaces s) {
        spaces.add(s);
    }

    void eraseAll(Handle h, String userId) {
        for (AccountDeletion d : deletions) d.erase(h, userId);
    }

    boolean share(String userId, String otherId) {
        for (SharedSpaces s : spaces) if (s.share(userId, otherId)) return true;
        return false;
    }
}
