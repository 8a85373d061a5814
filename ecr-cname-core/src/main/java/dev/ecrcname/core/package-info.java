/**
 * The public API of ecr-cname: {@link dev.ecrcname.core.RegistryClient} and the value types a
 * caller names.
 *
 * <h2>Layers</h2>
 *
 * Dependencies point down this list and never up, at class level:
 *
 * <ol>
 *   <li>Value types and exceptions, public, in this package: {@code Digest}, {@code Descriptor},
 *       {@code Platform}, {@code PulledImage}, {@code ImageSource}, {@code CredentialsProvider},
 *       the {@code EcrCnameException} tree. They depend on the JDK only.
 *   <li>{@code core.http}: the CNAME mechanics and the transport (OkHttp). Uses layer 1.
 *   <li>{@code core.manifest} (Gson) and {@code core.blob} (cache, downloads, uploads). Use layers
 *       1 and 2.
 *   <li>The operations, package-private in this package: {@code ImagePuller}, {@code ImagePusher},
 *       {@code ManifestFetcher}, {@code TagLister}, {@code HttpClients}. Use everything above.
 *   <li>The facade {@code RegistryClient}, which wires layer 4 together.
 * </ol>
 *
 * The sub-packages are public only so that this package can reach them; they are not API and may
 * change in any release. Other modules (auth, archive, cli) use layer 1 and the facade only.
 */
@NullMarked
package dev.ecrcname.core;

import org.jspecify.annotations.NullMarked;
