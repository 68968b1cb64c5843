// Uploads through the media API. Until that API is deployed, avatarUploader returns null.
export function avatarUploader() {
  return null;
}
