package io.juntos.media;

import io.juntos.Feature;
import io.juntos.FeatureContext;
import io.juntos.Platform;
import io.juntos.auth.TokenKeys;

/**
 * Media storage over HTTP: {@code /api/media/*}. Built from configuration: a local folder or an
 * S3-compatible store. Other features reach it through {@link #media()}.
 */
public final class MediaFeature implements Feature {
    private final Platform platform;
    // Built in install (the store may open an S3 client), read-only after.
    private Media media;
    private PendingUploadSweeper sweeper;

    public MediaFeature(Platform p) {
        this.platform = p;
    }

    @Override
    public void install(FeatureContext ctx) {
        Platform p = platform;
        MediaConfig config = MediaConfig.from(p.env(), p.config());
        MediaStore store = switch (config.backend()) {
            case LOCAL -> new LocalMediaStore(config.localDir(), new UrlSigner(TokenKeys.load(p.config().tokenKey(), p.config().dataDir())),
                    p.config().publicUrl().getPath() == null ? "" : p.config().publicUrl().getPath());
            case S3 -> S3MediaStore.create(config.s3());
        };
        MediaRows rows = new MediaRows(p.db().jdbi(), p.db().dialect());
        Media media = new Media(rows);
        MediaViews views = new MediaViews(store, config.downloadUrlTtl(), p.clock());
        MediaService service = new MediaService(config, rows, store, views, new ImageProcessor(config.thumbnailPx()), media,
                new Outcomes(p.metrics()), p.clock());
        PendingUploadSweeper sweeper = new PendingUploadSweeper(rows, store, service, config, p.clock());
        media.wire(views, sweeper::purge);
        LocalFileEndpoint local = store instanceof LocalMediaStore l ? new LocalFileEndpoint(l, rows, p.clock()) : null;
        this.media = media;
        this.sweeper = sweeper;
        ctx.onStop(store::close);
        var routes = new MediaRoutes(service, p.authenticator(), p.bodies());
        ctx.routes(r -> {
            routes.install(r);
            if (local != null) local.install(r);
        });
        ctx.openApi("openapi/media.json");
        ctx.accounts().onDeletion(media::deleteOwnedBy); // a deleted account's uploads go with it
        // Browsers load and upload media straight from an S3 endpoint (presigned URLs).
        if (store instanceof S3MediaStore s3) ctx.csp("img-src", s3.origin()).csp("media-src", s3.origin()).csp("connect-src", s3.origin());
        sweeper.start();
        ctx.onStop(sweeper::stop);
    }

    /** The API other features use to attach, list and delete media. */
    public Media media() {
        if (media == null) throw new IllegalStateException("media is used before MediaFeature is installed");
        return media;
    }

    /** A sweeper on another clock, sharing everything else: lets tests move time forward. */
    PendingUploadSweeper sweeperAt(java.time.Clock clock) {
        return sweeper.withClock(clock);
    }
}
