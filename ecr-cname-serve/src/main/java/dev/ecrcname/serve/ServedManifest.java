package dev.ecrcname.serve;

import dev.ecrcname.core.Digest;
import dev.ecrcname.core.FetchedManifest;

/**
 * A verified manifest as the mirror serves it: its bytes are held once, never copied per answer.
 */
@SuppressWarnings("ArrayRecordComponent") // never handed out; written to responses as they are
record ServedManifest(Digest digest, String mediaType, byte[] bytes) {
  static ServedManifest of(FetchedManifest fetched) {
    return new ServedManifest(fetched.digest(), fetched.mediaType(), fetched.bytes());
  }
}
