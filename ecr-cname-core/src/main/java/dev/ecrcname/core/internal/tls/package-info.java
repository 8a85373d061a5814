/** TLS material: CA certificates from PEM files. Internal: exported to the auth module only. */
@NullMarked
package dev.ecrcname.core.internal.tls;

import org.jspecify.annotations.NullMarked;
