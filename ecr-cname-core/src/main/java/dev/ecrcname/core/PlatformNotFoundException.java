package dev.ecrcname.core;

import java.util.List;

/** A multi-platform image has no manifest for the platform asked for. */
public final class PlatformNotFoundException extends EcrCnameException {
  private static final long serialVersionUID = 1L;

  private final List<Platform> available;

  public PlatformNotFoundException(String image, Platform wanted, List<Platform> available) {
    super(image + " has no image for " + wanted + "; it offers " + available);
    this.available = List.copyOf(available);
  }

  public List<Platform> available() {
    return available;
  }
}
