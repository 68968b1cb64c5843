package io.juntos.auth;

/** A short human name for a session's device, from its User-Agent ("Firefox on Linux"). */
final class Devices {
    private Devices() {
    }

    static String describe(String userAgent) {
        if (userAgent == null || userAgent.isBlank()) return "Unknown device";
        String ua = userAgent;
        String browser = ua.contains("Edg/") ? "Edge" : ua.contains("OPR/") ? "Opera" : ua.contains("Firefox/") ? "Firefox"
                : ua.contains("Chrome/") || ua.contains("Chromium/") ? "Chrome" : ua.contains("Safari/") ? "Safari"
                : ua.startsWith("Java-http-client") ? "API client" : ua.startsWith("curl/") ? "curl" : null;
        String os = ua.contains("Android") ? "Android" : ua.contains("iPhone") || ua.contains("iPad") ? "iOS"
                : ua.contains("Windows") ? "Windows" : ua.contains("Mac OS X") || ua.contains("Macintosh") ? "macOS"
                : ua.contains("CrOS") ? "ChromeOS" : ua.contains("Linux") ? "Linux" : null;
        if (browser == null && os == null) {
            String clean = ua.replaceAll("[^\\x20-\\x7e]", "");
            return clean.length() > 60 ? clean.substring(0, 60) : clean;
        }
        if (browser == null) return os;
        return os == null ? browser : browser + " on " + os;
    }
}
