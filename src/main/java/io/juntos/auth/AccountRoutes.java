package io.juntos.auth;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.juntos.http.Bodies;

import java.util.Map;
import java.util.function.Function;

/**
 * The account's own routes beyond sign-in: {@code PUT /api/profile/login}, {@code DELETE
 * /api/auth/sessions} (all others), {@code POST /api/profile/delete} and {@code GET
 * /api/people/{id}}. Deletion is a POST with the password in its body: DELETE bodies are dropped
 * by some clients and proxies.
 */
final class AccountRoutes {
    private final AccountService accounts;
    private final Authenticator authenticator;
    private final Bodies bodies;
    private final Function<Context, AuthService.ClientInfo> client;

    AccountRoutes(AccountService accounts, Authenticator authenticator, Bodies bodies, Function<Context, AuthService.ClientInfo> client) {
        this.accounts = accounts;
        this.authenticator = authenticator;
        this.bodies = bodies;
        this.client = client;
    }

    void install(RoutesConfig r, java.util.function.Consumer<Context> clearCookie) {
        r.put("/api/profile/login", ctx -> {
            Principal p = authenticator.require(ctx);
            ctx.json(accounts.changeLogin(p, bodies.read(ctx, AccountService.LoginChange.class), client.apply(ctx)));
        });
        r.delete("/api/auth/sessions", ctx -> {
            Principal p = authenticator.require(ctx);
            ctx.json(Map.of("revoked", accounts.signOutOthers(p, client.apply(ctx))));
        });
        r.post("/api/profile/delete", ctx -> {
            Principal p = authenticator.require(ctx);
            accounts.delete(p, bodies.read(ctx, AccountService.DeleteRequest.class), client.apply(ctx));
            clearCookie.accept(ctx);
            ctx.status(204);
        });
        r.get("/api/people/{id}", ctx -> ctx.json(accounts.person(authenticator.require(ctx), ctx.pathParam("id"))));
    }
}
