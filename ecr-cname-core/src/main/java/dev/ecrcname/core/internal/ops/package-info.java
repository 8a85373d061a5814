/**
 * The registry's operations, one small class each ({@link
 * dev.ecrcname.core.internal.ops.RegistryOperation}), their routes ({@link
 * dev.ecrcname.core.internal.ops.Routes}, the only builder of {@code /v2/} URLs), and their one
 * caller ({@link dev.ecrcname.core.internal.ops.RegistryCaller}). Internal: not exported, not API.
 */
@NullMarked
package dev.ecrcname.core.internal.ops;

import org.jspecify.annotations.NullMarked;
