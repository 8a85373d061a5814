package dev.ecrcname.core;

/**
 * A manifest or index exactly as the registry served it, already checked against its digest.
 *
 * @param mediaType from the JSON, or the Content-Type when the JSON has none
 */
// The bytes are exactly as served (their digest is the point); accessors hand out copies.
@SuppressWarnings("ArrayRecordComponent")
public record FetchedManifest(Digest digest, String mediaType, byte[] bytes) {
  /**
   * Copies the bytes, so that the caller's array cannot change them.
   *
   * @param digest the digest the bytes were checked against
   * @param mediaType the manifest's media type
   * @param bytes the manifest's bytes
   */
  public FetchedManifest {
    bytes = bytes.clone();
  }

  /**
   * The manifest's bytes, exactly as served.
   *
   * @return a copy of the bytes
   */
  @Override
  public byte[] bytes() {
    return bytes.clone();
  }

  @Override
  public String toString() {
    return "FetchedManifest[" + mediaType + " " + digest + ", " + bytes.length + " bytes]";
  }
}
