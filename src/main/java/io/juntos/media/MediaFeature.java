package io.juntos.media;

import io.javalin.config.RoutesConfig;
import io.juntos.Feature;
import io.juntos.Platform;
import io.juntos.auth.TokenKeys;

import java.util.List;

/**
 * Media storage over HTTP: {@code /api/media/*}. Built from configuration: a local folder or an
 * S3-compatible store. Other features reach it through {@link #media()}.
 */
public final class MediaFeature implements Feature {
    private final MediaConfig config;
    private final MediaStore store;
    private final MediaService service;
    private final Media media;
    private final MediaRoutes routes;
    private final LocalFileEndpoint localFiles;
    private final PendingUploadSweeper sweeper;

    private MediaFeature(MediaConfig config, MediaStore store, MediaService service, Media media, MediaRoutes routes,
                         LocalFileEndpoint localFiles, PendingUploadSweeper sweeper) {
        this.config = config;
        this.store = store;
        this.service = service;
        this.media = media;
        this.routes = routes;
        this.localFiles = localFiles;
        this.sweeper = sweeper;
    }

    public static MediaFeature create(Platform p) {
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
        return new MediaFeature(config, store, service, media, new MediaRoutes(service, p.authenticator(), p.bodies()), local, sweeper);
    }

    /** The API other features use to attach, list and delete media. */
    public Media media() {
        return media;
    }

    /** Origins browsers must be allowed to load media from (the S3 endpoint), for the CSP. */
    public List<String> mediaOrigins() {
        return store instanceof S3MediaStore s3 ? List.of(s3.origin()) : List.of();
    }

    /** A sweeper on another clock, sharing everything else: lets tests move time forward. */
    PendingUploadSweeper sweeperAt(java.time.Clock clock) {
        return sweeper.withClock(clock);
    }

    @Override
    public void install(RoutesConfig r) {
        routes.install(r);
        if (localFiles != null) localFiles.install(r);
        sweeper.start();
    }

    @Override
    public void stop() {
        sweeper.stop();
        store.close();
    }
}
