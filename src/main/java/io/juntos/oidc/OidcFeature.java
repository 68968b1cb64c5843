package io.juntos.oidc;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.juntos.Feature;
import io.juntos.FeatureContext;
import io.juntos.Platform;
import io.juntos.auth.AuthFeature;
import io.juntos.auth.AuthService;
import io.juntos.auth.Principal;
import io.juntos.http.ApiException;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Sign-in with identity providers over HTTP: {@code /api/auth/providers}, {@code /api/auth/oidc/*}
 * (start, callback, the "choose a username" step) and {@code /api/profile/identities} (link list,
 * unlink). The callback is a browser navigation, so it always answers with a redirect into the web
 * client, carrying an outcome code (never a token) in the fragment.
 */
public final class OidcFeature implements Feature {
    static final String COOKIE = "juntos_oidc";
    static final String COOKIE_PATH = "/api/auth/oidc";
    private static final Duration COOKIE_AGE = Duration.ofHours(1);

    private final OidcService service;
    private final OidcSettings settings;
    private final Platform p;
    private final AuthFeature auth;

    private OidcFeature(OidcService service, OidcSettings settings, Platform p, AuthFeature auth) {
        this.service = service;
        this.settings = settings;
        this.p = p;
        this.auth = auth;
    }

    public static OidcFeature create(Platform p, AuthFeature auth) {
        OidcSettings settings = OidcSettings.from(p.env());
        Map<String, Provider> providers = settings.providers().stream()
                .collect(Collectors.toMap(OidcSettings.ProviderSettings::name, Provider::of, (a, b) -> a, LinkedHashMap::new));
        var jdbi = p.db().jdbi();
        var service = new OidcService(providers, new Flows(jdbi), new Identities(jdbi), auth.service(), p.users(), p.activity(), jdbi,
                p.config().publicUrl(), settings.flowTtl(), p.clock());
        return new OidcFeature(service, settings, p, auth);
    }

    @Override
    public void install(FeatureContext ctx) {
        ctx.accounts().onDeletion(Identities::eraseUser);
        ctx.routes(this::routes);
        ctx.openApi("openapi/oidc.json");
    }

    private void routes(RoutesConfig r) {
        r.get("/api/auth/providers", ctx -> ctx.json(Map.of("providers", settings.providers().stream()
                .map(s -> Map.of("name", s.name(), "displayName", s.displayName())).toList())));
        r.post("/api/auth/oidc/{provider}/start", this::start);
        r.get("/api/auth/oidc/{provider}/callback", this::callback);
        r.get("/api/auth/oidc/pending", ctx -> {
            Flows.Flow f = service.pending(ctx.cookie(COOKIE));
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("provider", f.provider());
            body.put("displayName", service.provider(f.provider()).settings().displayName());
            body.put("suggestion", f.pending().username());
            body.put("fullName", f.pending().name());
            body.put("email", f.pending().email());
            ctx.json(body);
        });
        r.post("/api/auth/oidc/pending", ctx -> {
            var req = p.bodies().read(ctx, UsernameChoice.class);
            var grant = service.completePending(ctx.cookie(COOKIE), req.username(), client(ctx));
            auth.respondWithGrant(ctx, 201, grant);
        });
        r.get("/api/profile/identities", this::identities);
        r.delete("/api/profile/identities/{provider}", ctx -> {
            Principal who = p.authenticator().require(ctx);
            service.unlink(who.userId(), ctx.pathParam("provider"), client(ctx));
            ctx.status(204);
        });
    }

    public record StartRequest(String purpose) {
    }

    public record UsernameChoice(String username) {
    }

    private void start(Context ctx) {
        StartRequest req = ctx.contentLength() > 0 ? p.bodies().read(ctx, StartRequest.class) : new StartRequest(null);
        Flows.Purpose purpose = switch (req.purpose() == null ? "signin" : req.purpose()) {
            case "signin" -> Flows.Purpose.SIGNIN;
            case "link" -> Flows.Purpose.LINK;
            default -> throw ApiException.invalid("purpose", "invalid_purpose", "Use signin or link.");
        };
        String userId = purpose == Flows.Purpose.LINK ? p.authenticator().require(ctx).userId() : null;
        OidcService.Started s;
        try {
            s = service.start(ctx.pathParam("provider"), purpose, userId, ctx.cookie(COOKIE));
        } catch (SigninProblem e) {
            String name = service.provider(ctx.pathParam("provider")).settings().displayName();
            throw ApiException.unavailable(e.reason().code(), name + " can't be reached right now. Try again in a moment.", Duration.ofSeconds(30));
        }
        // SameSite=Lax, not Strict: the cookie must come back on the provider's top-level redirect to the callback.
        ctx.res().addHeader("Set-Cookie", COOKIE + "=" + s.binding() + "; Path=" + COOKIE_PATH + "; Max-Age=" + COOKIE_AGE.toSeconds()
                + "; HttpOnly; SameSite=Lax" + (p.config().secureCookies() ? "; Secure" : ""));
        ctx.json(Map.of("authorizationUrl", s.authorizationUrl().toString()));
    }

    private void callback(Context ctx) {
        String provider = ctx.pathParam("provider");
        var cb = new OidcService.Callback(ctx.queryParam("code"), ctx.queryParam("error"), ctx.queryParam("state"), ctx.cookie(COOKIE));
        String target = switch (service.finish(provider, cb, client(ctx))) {
            case OidcService.Outcome.SignedIn s -> {
                auth.setRefreshCookie(ctx, s.grant());
                yield "/#/oidc/done";
            }
            case OidcService.Outcome.NeedsUsername n -> "/#/oidc/username";
            case OidcService.Outcome.Linked l -> "/#/profile?linked=" + enc(l.provider());
            case OidcService.Outcome.Failed f -> (f.purpose() == Flows.Purpose.LINK ? "/#/profile" : "/#/signin")
                    + "?oidc_error=" + f.reason().code() + "&provider=" + enc(provider);
        };
        ctx.header("Cache-Control", "no-store");
        ctx.header("Referrer-Policy", "no-referrer"); // the callback URL holds the code
        ctx.redirect(target, io.javalin.http.HttpStatus.SEE_OTHER);
    }

    private void identities(Context ctx) {
        Principal who = p.authenticator().require(ctx);
        var linked = service.linked(who.userId()).stream().map(l -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("provider", l.provider());
            m.put("displayName", service.displayName(l.provider()));
            m.put("email", l.email());
            m.put("linkedAt", l.linkedAt());
            return m;
        }).toList();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("hasPassword", p.users().hasPassword(who.userId()));
        body.put("identities", linked);
        body.put("providers", settings.providers().stream().map(s -> Map.of("name", s.name(), "displayName", s.displayName())).toList());
        ctx.json(body);
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private AuthService.ClientInfo client(Context ctx) {
        return new AuthService.ClientInfo(p.clientAddress().of(ctx), ctx.userAgent());
    }

    /** The configured providers (for the composition root's log line and tests). */
    public List<String> providerNames() {
        return settings.providers().stream().map(OidcSettings.ProviderSettings::name).toList();
    }
}
