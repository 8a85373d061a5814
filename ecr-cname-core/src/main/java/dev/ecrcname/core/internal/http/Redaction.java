package dev.ecrcname.core.internal.http;

import okhttp3.HttpUrl;

/** What of a URL may reach a log line or a message. */
public final class Redaction {
  private Redaction() {}

  /**
   * The URL without its query and user info: a presigned S3 query is a credential ({@code
   * X-Amz-Signature}, {@code X-Amz-Security-Token}), and so is an upload session's state.
   */
  public static String url(HttpUrl url) {
    HttpUrl bare = url.newBuilder().username("").password("").query(null).build();
    return url.query() == null ? bare.toString() : bare + "?…";
  }
}
