/**
 * The {@code ecr-cname} command line: picocli commands over {@link
 * dev.ecrcname.core.RegistryClient}, the AWS credentials of ecr-cname-auth and the tarballs of
 * ecr-cname-archive. stdout carries data only (tags, JSON, the token, the written path); progress,
 * summaries and errors go to stderr.
 */
@NullMarked
package dev.ecrcname.cli;

import org.jspecify.annotations.NullMarked;
