/** Manifests, indexes and their media types, parsed with Gson into records. Internal: not API. */
@NullMarked
package dev.ecrcname.core.internal.manifest;

import org.jspecify.annotations.NullMarked;
