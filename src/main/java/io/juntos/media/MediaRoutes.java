package io.juntos.media;

import io.javalin.config.RoutesConfig;
import io.juntos.auth.Authenticator;
import io.juntos.auth.Principal;
import io.juntos.http.Bodies;

/** The JSON routes of media; thin: authenticate, parse, call {@link MediaService}. */
final class MediaRoutes {
    private final MediaService service;
    private final Authenticator auth;
    private final Bodies bodies;

    MediaRoutes(MediaService service, Authenticator auth, Bodies bodies) {
        this.service = service;
        this.auth = auth;
        this.bodies = bodies;
    }

    void install(RoutesConfig r) {
        r.post("/api/media/uploads", ctx -> {
            Principal p = auth.require(ctx);
            ctx.status(201).json(service.announce(p, bodies.read(ctx, MediaService.UploadRequest.class)));
        });
        r.post("/api/media/{id}/complete", ctx -> ctx.json(service.complete(auth.require(ctx), ctx.pathParam("id"))));
        r.get("/api/media/{id}", ctx -> ctx.json(service.read(auth.require(ctx), ctx.pathParam("id"))));
        r.get("/api/media/{id}/avatar", ctx -> {
            String size = ctx.queryParam("size");
            if (size != null && !size.equals("thumb") && !size.equals("full")) {
                throw MediaErrors.invalidAvatarSize();
            }
            String url = service.avatarUrl(ctx.pathParam("id"), !"full".equals(size));
            // Short caching of the redirect itself: the signed URL it points to lives longer.
            ctx.header("Cache-Control", "private, max-age=60");
            ctx.redirect(url, io.javalin.http.HttpStatus.FOUND);
        });
        r.delete("/api/media/{id}", ctx -> {
            service.delete(auth.require(ctx), ctx.pathParam("id"));
            ctx.status(204);
        });
    }
}
