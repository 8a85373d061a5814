/**
 * Tarballs that {@code docker load}, {@code podman load} and skopeo accept, and the reader for
 * {@code docker save} outputs that push consumes. The public API is {@link
 * dev.ecrcname.archive.DockerArchive}, its {@link dev.ecrcname.archive.WriteOptions} and {@link
 * dev.ecrcname.archive.ArchiveException}.
 *
 * <p>Everything else in this package is package-private on purpose: one package keeps the tar
 * format, the image layouts and the JSON documents hidden without making helper types public.
 * Dependency order inside the package: {@code Tar*} and {@code Region*} know nothing about images;
 * {@code Layer*}, {@code DockerNames} and {@code *Json} build on them; {@code ArchiveWriter} and
 * {@code ArchiveReader} sit on top.
 */
@NullMarked
package dev.ecrcname.archive;

import org.jspecify.annotations.NullMarked;
