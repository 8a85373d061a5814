/** ECR credentials from AWS for ecr-cname: {@link dev.ecrcname.auth.EcrCredentialsProvider}. */
module dev.ecrcname.auth {
  requires transitive dev.ecrcname.core;
  requires transitive software.amazon.awssdk.auth; // the builder takes an AwsCredentialsProvider
  requires software.amazon.awssdk.awscore;
  requires software.amazon.awssdk.core;
  requires software.amazon.awssdk.http;
  requires software.amazon.awssdk.http.urlconnection;
  requires software.amazon.awssdk.regions;
  requires software.amazon.awssdk.retries.api;
  requires software.amazon.awssdk.services.ecr;
  requires software.amazon.awssdk.services.sts;
  requires org.slf4j;

  exports dev.ecrcname.auth;
}
