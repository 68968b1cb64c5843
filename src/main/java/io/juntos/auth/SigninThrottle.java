package io.juntos.auth;

import java.time.Duration;
import java.time.Instant;

/**
 * Sign-in throttling (README "Sign-in throttling"): an attempt is reserved before the password is
 * hashed and counts as a failure unless it succeeds; three sliding windows (account and address,
 * address, account) and a doubling lock-out of the pair. {@link MemorySigninThrottle} keeps the
 * counters in this process; a cluster keeps them in Redis so the limits hold across nodes.
 */
public interface SigninThrottle {

    /** Reserves one attempt for the account from the address, or says how long to wait. */
    Result reserve(String account, String address);

    /** The right password: the pair starts afresh; the attempt no longer counts anywhere. */
    void succeeded(Reservation r);

    /** A reserved attempt; {@code id} names it where the counters are shared (empty in memory). */
    record Reservation(String pairKey, String addressKey, String accountKey, Instant at, String id) {
    }

    sealed interface Result {
        record Granted(Reservation reservation) implements Result {
        }

        record Wait(Duration retryAfter) implements Result {
        }
    }
}
