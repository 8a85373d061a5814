package dev.ecrcname.core.internal.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ecrcname.core.RegistryHost;
import dev.ecrcname.testing.RegistryPaths;
import okhttp3.HttpUrl;
import okhttp3.Protocol;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.Test;

class RedirectPolicyTest {
  static final String REGISTRY = "123456789012.dkr.ecr.us-east-1.amazonaws.com";
  final RegistryEndpoint endpoint =
      new RegistryEndpoint(
          HttpUrl.get("https://docker-ecr.internal.example"), RegistryHost.parse(REGISTRY));
  final RedirectPolicy policy = new RedirectPolicy(endpoint, 5);
  final Request blobGet =
      new Request.Builder()
          .url("https://docker-ecr.internal.example" + RegistryPaths.blob("app", "sha256:aa"))
          .header("Authorization", "Basic QVdTOnNlY3JldA==")
          .header("Range", "bytes=10-")
          .build();

  static Response redirect(Request request, int code, String location) {
    return new Response.Builder()
        .request(request)
        .protocol(Protocol.HTTP_1_1)
        .code(code)
        .message("")
        .header("Location", location)
        .build();
  }

  @Test
  void redirectToS3DropsAuthorizationAndKeepsPresignedQueryExactly() throws Exception {
    String presigned =
        "https://bucket.s3.us-east-1.amazonaws.com/sha256/aa/data?X-Amz-Algorithm=AWS4-HMAC-SHA256"
            + "&X-Amz-Credential=AKIA%2F20261127%2Fus-east-1%2Fs3%2Faws4_request&X-Amz-Signature=0f%2B1%3D";
    Request next = policy.next(blobGet, redirect(blobGet, 307, presigned), true);
    assertThat(next.url().toString()).isEqualTo(presigned);
    assertThat(next.header("Authorization")).isNull();
    assertThat(next.header("Range")).isEqualTo("bytes=10-");
  }

  @Test
  void redirectWithinTheRegistryKeepsCredentialsAndMovesToCname() throws Exception {
    Request next =
        policy.next(
            blobGet,
            redirect(blobGet, 307, "https://" + REGISTRY + RegistryPaths.blob("app", "other")),
            true);
    assertThat(next.url().toString())
        .isEqualTo("https://docker-ecr.internal.example" + RegistryPaths.blob("app", "other"));
    assertThat(next.header("Authorization")).isEqualTo("Basic QVdTOnNlY3JldA==");
  }

  @Test
  void httpsToHttpIsRefused() {
    assertThatThrownBy(
            () -> policy.next(blobGet, redirect(blobGet, 302, "http://bucket.example/x"), true))
        .isInstanceOf(RefusedHopException.class)
        .hasMessageContaining("https to http");
  }

  @Test
  void redirectWithoutLocationIsAProtocolError() {
    Response noLocation =
        new Response.Builder()
            .request(blobGet)
            .protocol(Protocol.HTTP_1_1)
            .code(307)
            .message("")
            .build();
    assertThatThrownBy(() -> policy.next(blobGet, noLocation, true))
        .hasMessageContaining("has no Location");
  }

  @Test
  void redactedUrlsHideThePresignedQuery() {
    assertThat(Redaction.url(HttpUrl.get("https://b.example/x?X-Amz-Signature=secret")))
        .isEqualTo("https://b.example/x?…")
        .doesNotContain("secret");
  }

  @Test
  void aWriteIsNotRedirectedToAnotherHostButMayStayOnTheRegistry() throws Exception {
    Request patch =
        new Request.Builder()
            .url("https://docker-ecr.internal.example" + RegistryPaths.upload("app", "u1"))
            .method("PATCH", okhttp3.RequestBody.create(new byte[] {1, 2, 3}))
            .build();
    assertThatThrownBy(
            () -> policy.next(patch, redirect(patch, 307, "https://thief.example/x"), false))
        .isInstanceOf(RefusedHopException.class)
        .hasMessageContaining("PATCH")
        .hasMessageContaining("thief.example");
    Request onRegistry =
        policy.next(
            patch,
            redirect(
                patch, 307, "https://" + REGISTRY + RegistryPaths.upload("app", "u1") + "?x=1"),
            false);
    assertThat(onRegistry.url().host()).isEqualTo("docker-ecr.internal.example");
    assertThat(onRegistry.method()).isEqualTo("PATCH");
  }
}
