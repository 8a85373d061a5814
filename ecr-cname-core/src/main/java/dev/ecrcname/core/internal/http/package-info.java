/**
 * The CNAME mechanics and the HTTP plumbing under {@link dev.ecrcname.core.RegistryClient}.
 * Internal: public only so that the client can wire it; not API, and it may change in any release.
 *
 * <p>Each ECR quirk has one home here: {@link
 * dev.ecrcname.core.internal.http.HostRewriteInterceptor} (the Host header), {@link
 * dev.ecrcname.core.internal.http.RegistryHostnameVerifier} (TLS names), {@link
 * dev.ecrcname.core.internal.http.RegistrySniSocketFactory} (the server name sent in TLS), {@link
 * dev.ecrcname.core.internal.http.RegistryUrlRewriter} (absolute Location and Link URLs) and {@link
 * dev.ecrcname.core.internal.http.RedirectPolicy} (S3 blob redirects).
 */
@NullMarked
package dev.ecrcname.core.internal.http;

import org.jspecify.annotations.NullMarked;
