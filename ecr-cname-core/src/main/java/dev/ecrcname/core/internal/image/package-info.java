/**
 * The operations on images, wired once per client by {@code ImageService}: pull (one platform or
 * every one), push (an image or an index), copy, tag, delete, and the manifests they fetch. Every
 * reference enters through {@code ImageService}, which addresses it to the client's registry.
 * Internal: not API.
 */
@NullMarked
package dev.ecrcname.core.internal.image;

import org.jspecify.annotations.NullMarked;
