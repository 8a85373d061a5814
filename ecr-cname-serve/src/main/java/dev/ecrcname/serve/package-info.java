/**
 * {@link dev.ecrcname.serve.MirrorServer}: a node-local, read-only Distribution v2 / OCI mirror
 * over a {@link dev.ecrcname.core.RegistryClient}, so that container engines pull through the
 * CNAME.
 */
@NullMarked
package dev.ecrcname.serve;

import org.jspecify.annotations.NullMarked;
