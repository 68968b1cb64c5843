package io.juntos.store;

import java.security.SecureRandom;

/**
 * Identifiers: 26 characters of Crockford base32, the first ten encoding the creation time in
 * milliseconds (so ids sort by creation, like ULIDs) and the rest 80 random bits. Generated in the
 * application so that the same migrations work on SQLite and PostgreSQL.
 */
public final class Ids {
    private static final char[] ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();

    private Ids() {
    }

    public static String newId() {
        char[] out = new char[26];
        long time = System.currentTimeMillis();
        for (int i = 9; i >= 0; i--) {
            out[i] = ALPHABET[(int) (time & 31)];
            time >>>= 5;
        }
        byte[] rnd = new byte[10];
        RANDOM.nextBytes(rnd);
        long hi = 0;
        for (int i = 0; i < 5; i++) hi = (hi << 8) | (rnd[i] & 0xff);
        long lo = 0;
        for (int i = 5; i < 10; i++) lo = (lo << 8) | (rnd[i] & 0xff);
        for (int i = 17; i >= 10; i--) {
            out[i] = ALPHABET[(int) (hi & 31)];
            hi >>>= 5;
        }
        for (int i = 25; i >= 18; i--) {
            out[i] = ALPHABET[(int) (lo & 31)];
            lo >>>= 5;
        }
        return new String(out);
    }

    /** True for strings shaped like our ids: lets routes reject junk before touching the store. */
    public static boolean isWellFormed(String id) {
        if (id == null || id.length() != 26) return false;
        for (int i = 0; i < 26; i++) {
            char c = id.charAt(i);
            if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z' && c != 'i' && c != 'l' && c != 'o' && c != 'u'))) return false;
        }
        return true;
    }
}
