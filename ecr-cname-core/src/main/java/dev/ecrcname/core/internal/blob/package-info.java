/**
 * Blobs on disk and on the wire: the content-addressed layer cache, verified resumable downloads,
 * uploads, and the deterministic parallel gzip of layers on their way to the registry. Internal:
 * not API.
 */
@NullMarked
package dev.ecrcname.core.internal.blob;

import org.jspecify.annotations.NullMarked;
