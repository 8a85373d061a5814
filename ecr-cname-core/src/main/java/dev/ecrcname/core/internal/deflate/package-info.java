/**
 * Whether libdeflate (the optional {@code com.fulcrumgenomics:jlibdeflate}) can be used in this
 * process, and its compressors and decompressors when it can. Internal: not API.
 */
@NullMarked
package dev.ecrcname.core.internal.deflate;

import org.jspecify.annotations.NullMarked;
