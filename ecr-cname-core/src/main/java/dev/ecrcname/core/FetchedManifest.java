package dev.ecrcname.core;

/**
 * A manifest or index exactly as the registry served it, already checked against its digest.
 *
 * @param mediaType from the JSON, or the Content-Type when the JSON has none
 */
// The bytes are exactly as served (their digest is the point); accessors hand out copies.
@SuppressWarnings("ArrayRecordComponent")
public record FetchedManifest(Digest digest, String mediaType, byte[] bytes) {
  public FetchedManifest {
    bytes = bytes.clone();
  }

  @Override
  public byte[] bytes() {
    return bytes.clone();
  }

  @Override
  public String toString() {
    return "FetchedManifest[" + mediaType + " " + digest + ", " + bytes.length + " bytes]";
  }
}
