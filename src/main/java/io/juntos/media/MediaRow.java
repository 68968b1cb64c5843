package io.juntos.media;

/** One row of {@code media}: see {@code V3__media.sql} for the meaning of each state. */
record MediaRow(
        String id,
        String ownerId,
        State state,
        Purpose purpose,
        String fileName,
        MediaType type,
        long declaredSize,
        Long size,
        Integer width,
        Integer height,
        MediaType thumbType,
        String parentType,
        String parentId,
        long createdAt,
        long expiresAt,
        Long completedAt,
        boolean animated) {

    enum State { PENDING, PROCESSING, READY, DELETING }

    String incomingKey() {
        return "incoming/" + id;
    }

    String objectKey() {
        return "objects/" + id;
    }

    String thumbKey() {
        return "objects/" + id + ".thumb";
    }

    boolean attached() {
        return parentType != null;
    }
}
