package dev.ecrcname.core.internal.ops;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.ecrcname.core.RegistryAuthenticationException;
import dev.ecrcname.core.RegistryException;
import dev.ecrcname.core.RegistryHost;
import dev.ecrcname.core.internal.http.RegistryEndpoint;
import dev.ecrcname.testing.RegistryPaths;
import java.nio.charset.StandardCharsets;
import okhttp3.Headers;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.Protocol;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;

/**
 * Fuzzing of a 401's {@code WWW-Authenticate} challenge and body (issue 21). The challenge is not
 * parsed, only quoted in the error, so the properties are about that error: it is a {@link
 * RegistryAuthenticationException} naming the Host sent, never carrying the credentials of the
 * request, and of bounded length however long the challenge. Seeds in {@code
 * WwwAuthenticateFuzzTestInputs/}.
 */
class WwwAuthenticateFuzzTest {
  private static final String PASSWORD = "ecr-password-never-shown";
  private static final RegistryEndpoint ENDPOINT =
      new RegistryEndpoint(
          HttpUrl.get("https://docker-ecr.internal.example"),
          RegistryHost.parse("123456789012.dkr.ecr.us-east-1.amazonaws.com"));

  @FuzzTest
  void aChallengeGivesATypedBoundedErrorWithoutCredentials(byte[] input) {
    String text = new String(input, StandardCharsets.UTF_8);
    int newline = text.indexOf('\n');
    String challenge = newline < 0 ? text : text.substring(0, newline);
    String body = newline < 0 ? "" : text.substring(newline + 1);
    Headers headers;
    try {
      headers = new Headers.Builder().addUnsafeNonAscii("WWW-Authenticate", challenge).build();
    } catch (IllegalArgumentException notAHeaderValue) {
      return; // control characters: OkHttp's own check; the CLI strips them from what it prints
    }
    Response response =
        new Response.Builder()
            .request(
                new Request.Builder()
                    .url(
                        "https://docker-ecr.internal.example"
                            + RegistryPaths.manifest("app", "1.0"))
                    .header("Authorization", okhttp3.Credentials.basic("AWS", PASSWORD))
                    .build())
            .protocol(Protocol.HTTP_1_1)
            .code(401)
            .message("Unauthorized")
            .headers(headers)
            .body(ResponseBody.create(body, MediaType.get("application/json")))
            .build();

    RegistryException error = RegistryErrors.of(response, "manifest app:1.0", ENDPOINT);

    assertThat(error).isInstanceOf(RegistryAuthenticationException.class);
    assertThat(error.status()).isEqualTo(401);
    assertThat(error.getMessage())
        .contains(ENDPOINT.hostHeader())
        .doesNotContain(PASSWORD)
        .hasSizeLessThanOrEqualTo(RegistryErrors.MAX_QUOTED + 400);
  }
}
