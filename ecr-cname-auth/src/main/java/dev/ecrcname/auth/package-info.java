/**
 * ECR registry credentials from AWS: {@link dev.ecrcname.auth.EcrCredentialsProvider} calls ECR's
 * GetAuthorizationToken with the SDK's credential chains (or an assumed role), and caches and
 * refreshes the token. This is the only module that depends on the AWS SDK.
 */
@NullMarked
package dev.ecrcname.auth;

import org.jspecify.annotations.NullMarked;
