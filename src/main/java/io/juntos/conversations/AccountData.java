package io.juntos.conversations;

import io.juntos.auth.AccountHooks;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * What conversations tell accounts: two people who share a conversation may see each other's
 * profile; a deleted account keeps its memberships as a tombstone (its messages stay, shown as
 * "Deleted account"), so the other person still reads their direct conversation.
 */
final class AccountData {
    private final Jdbi jdbi;

    AccountData(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    void register(AccountHooks hooks) {
        hooks.sharedSpaces(this::share);
        hooks.onDeletion(this::erase);
    }

    private boolean share(String userId, String otherId) {
        return jdbi.withHandle(h -> h.createQuery("""
                        SELECT COUNT(*) FROM conversation_members a JOIN conversation_members b ON b.conversation_id = a.conversation_id
                        WHERE a.user_id = :a AND b.user_id = :b""")
                .bind("a", userId).bind("b", otherId).mapTo(Integer.class).one() > 0);
    }

    /**
     * Memberships stay: the tombstone keeps its place in its conversations, so every message it sent
     * still resolves to a member named "Deleted account", and direct conversations stay whole for
     * the other person. The tombstone has no session and no password, so nothing reaches it.
     */
    private void erase(Handle h, String userId) {
        h.createUpdate("DELETE FROM presence WHERE user_id = :u").bind("u", userId).execute();
    }
}
