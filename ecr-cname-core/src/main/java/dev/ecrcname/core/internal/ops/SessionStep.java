package dev.ecrcname.core.internal.ops;

import okhttp3.HttpUrl;

/** A step on an upload session: its URL is the one the registry handed out, not a route. */
interface SessionStep<T> extends RegistryOperation<T> {

  /** The session's URL, from the previous step's {@code Location}, already on the CNAME. */
  HttpUrl session();

  @Override
  default HttpUrl url(Routes routes) {
    return session();
  }
}
