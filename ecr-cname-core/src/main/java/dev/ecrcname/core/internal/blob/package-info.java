/** Blob transfer internals: compression and hashing of layers on their way to the registry. Internal: not API. */
@NullMarked
package dev.ecrcname.core.internal.blob;

import org.jspecify.annotations.NullMarked;
