package io.juntos.oidc;

import io.juntos.config.ConfigException;
import io.juntos.config.Env;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Identity providers from {@code JUNTOS_OIDC_<NAME>_*} variables, validated at start: a bad or
 * unknown setting stops the server with one line naming the variable. GOOGLE and FACEBOOK are
 * presets that only need a client id and secret.
 */
public record OidcSettings(List<ProviderSettings> providers, Duration flowTtl) {
    static final String PREFIX = "JUNTOS_OIDC_";
    static final String FLOW_TTL = "JUNTOS_OIDC_FLOW_TTL";
    private static final Pattern NAME = Pattern.compile("[A-Z0-9]{1,40}");
    /** Longest first, so that CLIENT_SECRET is not read as a provider named ..._CLIENT with setting SECRET. */
    private static final List<String> SETTINGS = List.of("AUTHORIZATION_URL", "CLIENT_SECRET", "USERINFO_URL", "CLIENT_ID",
            "TOKEN_URL", "ISSUER", "SCOPES", "NAME", "TYPE");

    /** OpenID Connect (discovery, ID token) or plain OAuth 2.0 with a user endpoint (Facebook). */
    public enum Kind { OIDC, OAUTH2 }

    /**
     * One provider. {@code name} is the lower-case key used in URLs; {@code emailVerified} says
     * whether the provider's e-mail may be trusted without an {@code email_verified} claim (never, so far).
     */
    public record ProviderSettings(String name, String displayName, Kind kind, URI issuer, String clientId, String clientSecret,
                                   List<String> scopes, URI authorizationUrl, URI tokenUrl, URI userinfoUrl) {
        @Override
        public String toString() {
            return "ProviderSettings[" + name + ", " + kind + ", issuer=" + issuer + ", clientId=" + clientId + ", secret=<redacted>]";
        }
    }

    public static OidcSettings from(Env env) {
        Map<String, Map<String, String>> byName = new LinkedHashMap<>();
        for (String var : env.namesStartingWith(PREFIX)) {
            if (var.equals(FLOW_TTL)) continue;
            String rest = var.substring(PREFIX.length());
            String setting = SETTINGS.stream().filter(s -> rest.endsWith("_" + s)).findFirst()
                    .orElseThrow(() -> new ConfigException(var, "unknown setting; use JUNTOS_OIDC_<NAME>_" + String.join("|", SETTINGS)));
            String name = rest.substring(0, rest.length() - setting.length() - 1);
            if (!NAME.matcher(name).matches()) throw new ConfigException(var, "the provider name must be letters and digits only");
            byName.computeIfAbsent(name, k -> new LinkedHashMap<>()).put(setting, var);
        }
        List<ProviderSettings> list = new ArrayList<>();
        byName.keySet().forEach(name -> list.add(provider(env, name)));
        return new OidcSettings(List.copyOf(list), env.duration(FLOW_TTL, Duration.ofMinutes(10)));
    }

    private static ProviderSettings provider(Env env, String name) {
        String p = PREFIX + name + "_";
        Preset preset = Preset.of(name);
        Kind kind = kind(env, p + "TYPE", preset.kind());
        String clientId = required(env, p + "CLIENT_ID");
        String secret = env.secret(p + "CLIENT_SECRET");
        if (secret == null) throw new ConfigException(p + "CLIENT_SECRET", "is required (the client secret issued by the provider)");
        String display = env.string(p + "NAME", preset.displayName() != null ? preset.displayName() : capitalised(name));
        if (display.length() > 40) throw new ConfigException(p + "NAME", "must be at most 40 characters");
        List<String> scopes = env.list(p + "SCOPES", preset.scopes(kind)).stream().flatMap(s -> Arrays.stream(s.split("\\s+"))).toList();
        if (kind == Kind.OIDC) {
            if (!scopes.contains("openid")) throw new ConfigException(p + "SCOPES", "must include openid for an OpenID Connect provider");
            URI issuer = url(env, p + "ISSUER", preset.issuer());
            return new ProviderSettings(name.toLowerCase(Locale.ROOT), display, kind, issuer, clientId, secret, scopes, null, null, null);
        }
        return new ProviderSettings(name.toLowerCase(Locale.ROOT), display, kind, null, clientId, secret, scopes,
                url(env, p + "AUTHORIZATION_URL", preset.authorizationUrl()), url(env, p + "TOKEN_URL", preset.tokenUrl()),
                url(env, p + "USERINFO_URL", preset.userinfoUrl()));
    }

    /** The named providers' defaults (their endpoints are public and stable; all can be overridden). */
    private record Preset(String displayName, Kind kind, String issuer, String authorizationUrl, String tokenUrl, String userinfoUrl) {
        static Preset of(String name) {
            return switch (name) {
                case "GOOGLE" -> new Preset("Google", Kind.OIDC, "https://accounts.google.com", null, null, null);
                case "FACEBOOK" -> new Preset("Facebook", Kind.OAUTH2, null, "https://www.facebook.com/v23.0/dialog/oauth",
                        "https://graph.facebook.com/v23.0/oauth/access_token", "https://graph.facebook.com/v23.0/me?fields=id,name,email");
                default -> new Preset(null, Kind.OIDC, null, null, null, null);
            };
        }

        List<String> scopes(Kind k) {
            if (k == Kind.OIDC) return List.of("openid", "email", "profile");
            return "Facebook".equals(displayName) ? List.of("email", "public_profile") : List.of();
        }
    }

    private static Kind kind(Env env, String var, Kind fallback) {
        String v = env.string(var, fallback.name()).toUpperCase(Locale.ROOT);
        return switch (v) {
            case "OIDC" -> Kind.OIDC;
            case "OAUTH2" -> Kind.OAUTH2;
            default -> throw new ConfigException(var, "must be oidc or oauth2, got '" + v.toLowerCase(Locale.ROOT) + "'");
        };
    }

    private static String required(Env env, String var) {
        String v = env.string(var, null);
        if (v == null) throw new ConfigException(var, "is required");
        return v;
    }

    /** An https URL; plain http only on the loopback interface (a provider on the same machine, or tests). */
    private static URI url(Env env, String var, String fallback) {
        String v = env.string(var, fallback);
        if (v == null) throw new ConfigException(var, "is required");
        try {
            URI u = new URI(v);
            boolean loopback = "localhost".equals(u.getHost()) || "127.0.0.1".equals(u.getHost()) || "[::1]".equals(u.getHost());
            if (u.getHost() == null || !("https".equals(u.getScheme()) || "http".equals(u.getScheme()) && loopback)) {
                throw new ConfigException(var, "must be an https URL (http only for localhost), got '" + v + "'");
            }
            return u;
        } catch (URISyntaxException e) {
            throw new ConfigException(var, "must be an https URL, got '" + v + "'");
        }
    }

    private static String capitalised(String name) {
        return name.charAt(0) + name.substring(1).toLowerCase(Locale.ROOT);
    }
}
