/**
 * The public API of ecr-cname: {@link dev.ecrcname.core.RegistryClient} and the value types a caller names.
 *
 * <p>Everything else lives in sub-packages and stays package-private where it can.
 */
@NullMarked
package dev.ecrcname.core;

import org.jspecify.annotations.NullMarked;
