/**
 * Blob transfer: the content-addressed layer cache and verified, resumable downloads. Internal: not
 * API.
 */
@NullMarked
package dev.ecrcname.core.internal.blob;

import org.jspecify.annotations.NullMarked;
