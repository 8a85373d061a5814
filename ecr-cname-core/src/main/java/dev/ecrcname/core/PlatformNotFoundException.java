package dev.ecrcname.core;

import java.util.List;

/** A multi-platform image has no manifest for the platform asked for. */
public final class PlatformNotFoundException extends EcrCnameException {
  private static final long serialVersionUID = 1L;

  /** The platforms the index offers. */
  private final List<Platform> available;

  /**
   * A missing platform.
   *
   * @param image the image asked for
   * @param wanted the platform asked for
   * @param available the platforms the index offers
   */
  public PlatformNotFoundException(String image, Platform wanted, List<Platform> available) {
    super(image + " has no image for " + wanted + "; it offers " + available);
    this.available = List.copyOf(available);
  }

  /**
   * The platforms the index offers, to pick another.
   *
   * @return the available platforms
   */
  public List<Platform> available() {
    return available;
  }
}
