/**
 * Integration tests proving that the local ECR stand-in ({@code scripts/standin}) behaves like ECR
 * where the SDK depends on it. They use plain OkHttp with tiny inline hooks, not the product's
 * classes, so that a product bug cannot hide a stand-in bug.
 */
@NullMarked
package dev.ecrcname.core.standin;

import org.jspecify.annotations.NullMarked;
