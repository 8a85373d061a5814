package dev.ecrcname.serve;

/** How the mirror serves blob GETs. A blob HEAD is always answered by the mirror itself. */
public enum BlobMode {
  /**
   * The default: the mirror follows the registry's S3 redirect with TLS verified and passes the
   * bytes on through bounded memory, checking the digest as they flow.
   */
  STREAM,
  /**
   * From the verified layer cache the CLI also uses, filled on a miss; concurrent requests for one
   * blob fetch it once.
   */
  CACHE,
  /**
   * A 307 to the presigned S3 URL. Safe only for clients that verify S3's certificate themselves
   * (containerd with an {@code http://} host and no {@code skip_verify}); docker on loopback and
   * podman with {@code insecure = true} do not.
   */
  REDIRECT
}
