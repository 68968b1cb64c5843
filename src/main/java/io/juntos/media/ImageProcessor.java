package io.juntos.media;

import java.io.IOException;

/** Placeholder until thumbnails land: images are served as uploaded. */
final class ImageProcessor {
    record Result(long size, Integer width, Integer height, MediaType thumbType) {
    }

    Result process(MediaStore store, MediaRow row, MediaType type) throws IOException, Rejected {
        store.promote(row.incomingKey(), row.objectKey(), type);
        return new Result(row.declaredSize(), null, null, null);
    }
}
