package dev.ecrcname.core.internal.ops;

import dev.ecrcname.core.ImageReference;
import dev.ecrcname.core.MediaTypes;
import java.util.List;
import okhttp3.HttpUrl;

/**
 * A request for a manifest by tag or digest, with the full Accept list: ECR converts by tag, and
 * downgrades to schema 1 for a client whose Accept lacks schema 2.
 */
interface ManifestRequest<T> extends RegistryOperation<T> {

  ImageReference image();

  @Override
  default HttpUrl url(Routes routes) {
    return routes.manifest(image());
  }

  @Override
  default List<String> accept() {
    return MediaTypes.ACCEPT;
  }
}
