package dev.ecrcname.core;

/**
 * The registry answered 404: no such repository, tag, digest or blob. {@link #code()} says which,
 * when the registry sent a Distribution error; ECR also answers 404 for archived images.
 */
public final class NotFoundException extends RegistryException {
  private static final long serialVersionUID = 1L;

  /**
   * A 404.
   *
   * @param code what the registry says is missing, or {@link ErrorCode#UNKNOWN}
   * @param message what was not found, naming the registry host
   */
  public NotFoundException(ErrorCode code, String message) {
    super(404, code, message);
  }

  /**
   * A 404 from the registry, or from a host it sent us to.
   *
   * @param fromRegistry false when a redirect target (S3) or a foreign URL answered 404
   * @param code the Distribution error code, or {@link ErrorCode#UNKNOWN}
   * @param message what was not found and where
   */
  public NotFoundException(ErrorCode code, String message, boolean fromRegistry) {
    super(404, code, message, null, fromRegistry);
  }
}
