package io.juntos.media;

import io.juntos.http.ApiException;
import io.juntos.http.FieldError;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * Every error the media feature answers, by code. They are {@link ApiException}s so that the one
 * mapping in {@code http.Problems} turns them into problem+json; the codes are documented in
 * {@code openapi/media.json} and {@code docs/media.md}.
 */
final class MediaErrors {
    private MediaErrors() {
    }

    static ApiException notFound() {
        return ApiException.notFound("Media");
    }

    // ---- announcing ----

    static ApiException typeNotAccepted(String declared, List<String> accepted) {
        return new ApiException(415, "unsupported_media_type", "Files of type '" + declared + "' are not accepted; accepted: " + accepted + ".",
                List.of(new FieldError("contentType", "unsupported_media_type", "Accepted: " + accepted)), null);
    }

    static ApiException fileTooLarge(MediaType type, long max) {
        return new ApiException(413, "file_too_large", "A " + type.kind().name().toLowerCase(Locale.ROOT) + " may be at most " + max + " bytes.",
                List.of(new FieldError("size", "file_too_large", "At most " + max + " bytes.")), null);
    }

    static ApiException quotaExceeded(long quota, long used) {
        return new ApiException(413, "quota_exceeded", "This upload would exceed your storage quota of " + quota + " bytes (" + used + " used).",
                List.of(new FieldError("size", "quota_exceeded", "Not enough space left.")), null);
    }

    static ApiException tooManyPending(int max, Duration retryAfter) {
        return ApiException.tooMany("too_many_pending_uploads", "Finish or cancel some of your " + max + " unfinished uploads first.", retryAfter);
    }

    static ApiException avatarMustBeImage() {
        return ApiException.invalid("purpose", "avatar_must_be_image", "An avatar must be an image.");
    }

    static ApiException invalidPurpose() {
        return ApiException.invalid("purpose", "invalid_purpose", "Must be attachment or avatar.");
    }

    static ApiException invalidAvatarSize() {
        return ApiException.invalid("size", "invalid_value", "Must be thumb or full.");
    }

    // ---- completing ----

    static ApiException uploadMissing(Instant expiresAt) {
        return ApiException.conflict("upload_missing", null, "Nothing has been uploaded yet: send the file to the upload URL before "
                + expiresAt + ", then complete.");
    }

    static ApiException uploadExpired() {
        return new ApiException(410, "upload_expired", "The upload URL expired before anything arrived; start a new upload.");
    }

    static ApiException processing() {
        return ApiException.conflict("upload_processing", null, "This upload is already being completed.");
    }

    static ApiException sizeMismatch(long stored, long declared) {
        return new ApiException(422, "size_mismatch", "The stored file has " + stored + " bytes, not the " + declared + " declared; upload again.",
                List.of(new FieldError("size", "size_mismatch", "Does not match the file.")), null);
    }

    static ApiException contentNotAccepted(List<String> accepted) {
        return ApiException.unsupportedMediaType("The file's content is not one of the accepted types: " + accepted + ".");
    }

    static ApiException typeMismatch(MediaType sniffed, MediaType declared) {
        return new ApiException(415, "type_mismatch", "The file's content is " + sniffed.mime() + ", not the " + declared.mime() + " declared.");
    }

    static ApiException imageUnreadable() {
        return new ApiException(415, "image_unreadable", "The image is damaged and cannot be accepted.");
    }

    static ApiException storageUnavailable() {
        return ApiException.unavailable("storage_unavailable", "The media store cannot be reached right now; complete again shortly.",
                Duration.ofSeconds(5));
    }

    // ---- deleting ----

    static ApiException attached() {
        return ApiException.conflict("media_attached", null, "This file is attached; delete what it is attached to instead.");
    }

    static ApiException busy() {
        return ApiException.conflict("media_busy", null, "This file is being processed; try again in a moment.");
    }

    // ---- signed URLs of the local backend ----

    static ApiException signatureInvalid() {
        return ApiException.forbidden("signature_invalid", "The URL's signature is not valid.");
    }

    static ApiException urlExpired() {
        return ApiException.forbidden("url_expired", "The URL has expired; ask for a new one.");
    }

    static ApiException contentTypeMismatch(MediaType expected) {
        return new ApiException(400, "content_type_mismatch", "Send the file with Content-Type: " + expected.mime() + ", as signed.");
    }

    static ApiException uploadTooLarge(long declared) {
        return new ApiException(413, "upload_too_large", "The upload is larger than the " + declared + " bytes declared.");
    }

    static ApiException uploadIncomplete(long received, long declared) {
        return new ApiException(400, "upload_incomplete", "The upload ended after " + received + " of the " + declared + " bytes declared.");
    }

    static ApiException uploadInterrupted() {
        return new ApiException(400, "upload_interrupted", "The upload was interrupted; send the file again.");
    }

    static ApiException uploadClosed() {
        return new ApiException(410, "upload_closed", "This upload was deleted or already completed; it takes no more bytes.");
    }

    static ApiException insufficientStorage() {
        return new ApiException(507, "insufficient_storage", "The server has no room for this file right now.");
    }

    static ApiException rangeNotSatisfiable(long size) {
        return new ApiException(416, "range_not_satisfiable", "The range asked for lies outside the " + size + " bytes of this file.");
    }

    static ApiException fileNotFound() {
        return ApiException.notFound("File");
    }
}
