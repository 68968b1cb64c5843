package io.juntos.oidc;

import io.juntos.auth.AuthService;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;

/** Proposals for a new account's username and name from what the provider told us (pure). */
final class Usernames {
    private Usernames() {
    }

    /** Valid usernames from preferred_username, then the name, then the e-mail's local part, in that order. */
    static List<String> candidates(Provider.Identity who) {
        var out = new LinkedHashSet<String>();
        for (String raw : new String[] {who.preferredUsername(), who.name(), localPart(who.email())}) {
            String u = normalise(raw);
            if (AuthService.validUsername(u)) out.add(u);
        }
        return new ArrayList<>(out);
    }

    /** The first free candidate, else the first with a number appended that is free, else "user" plus a number. */
    static String suggest(List<String> candidates, Predicate<String> free) {
        for (String c : candidates) if (free.test(c)) return c;
        List<String> bases = candidates.isEmpty() ? List.of("user") : candidates;
        for (int n = 2; n < 1000; n++) {
            for (String base : bases) {
                String suffix = Integer.toString(n);
                String c = (base.length() + suffix.length() > 32 ? base.substring(0, 32 - suffix.length()) : base) + suffix;
                if (free.test(c)) return c;
            }
        }
        return "";
    }

    static String fullName(Provider.Identity who) {
        String n = firstNonBlank(who.name(), who.preferredUsername(), localPart(who.email()), "New member");
        n = n.strip();
        return n.length() > 100 ? n.substring(0, 100) : n;
    }

    /** Lower case, accents dropped, spaces to dots, anything else not allowed removed, cut to 32. */
    static String normalise(String raw) {
        if (raw == null) return null;
        String s = Normalizer.normalize(raw.strip(), Normalizer.Form.NFKD).replaceAll("\\p{M}", "").toLowerCase(Locale.ROOT);
        s = s.replaceAll("\\s+", ".").replaceAll("[^a-z0-9_.]", "").replaceAll("\\.{2,}", ".").replaceAll("^\\.|\\.$", "");
        return s.length() > 32 ? s.substring(0, 32) : s;
    }

    private static String localPart(String email) {
        if (email == null) return null;
        int at = email.indexOf('@');
        return at > 0 ? email.substring(0, at) : null;
    }

    private static String firstNonBlank(String... values) {
        for (String v : values) if (v != null && !v.isBlank()) return v;
        return "";
    }
}
