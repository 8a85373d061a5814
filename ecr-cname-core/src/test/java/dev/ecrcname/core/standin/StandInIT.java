package dev.ecrcname.core.standin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.ecrcname.testing.RegistryPaths;
import dev.ecrcname.testing.Seed;
import dev.ecrcname.testing.StandIn;
import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLPeerUnverifiedException;
import okhttp3.Credentials;
import okhttp3.HttpUrl;
import okhttp3.Interceptor;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Proves the local ECR stand-in behaves like ECR where the SDK depends on it (issue 2, "Done
 * when"). Start it with {@code scripts/standin start}; {@code scripts/test} does.
 */
class StandInIT {
  private static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
  private static final String OCI_INDEX = "application/vnd.oci.image.index.v1+json";
  private static final Pattern NEXT_LINK = Pattern.compile("^<([^>]+)>;\\s*rel=\"next\"$");

  private static StandIn standIn;
  private static Seed seed;
  private static StandInHttp http;

  @BeforeAll
  static void requireStandIn() {
    standIn = StandIn.require();
    seed = Seed.of(standIn);
    http = new StandInHttp(standIn);
  }

  @Test
  void cnameFailsHostnameVerification() {
    Request request = new Request.Builder().url(cname(RegistryPaths.base())).build();

    assertThatThrownBy(() -> http.plain().newCall(request).execute().close())
        .isInstanceOf(SSLPeerUnverifiedException.class)
        .hasMessageContaining(standIn.cname());
  }

  @Test
  void sniOtherThanTheRegistryHostGetsACertificateThatNamesNoEcrHost() throws Exception {
    assertThat(dnsNames(http.certificateFor(standIn.cname())))
        .isNotEmpty()
        .noneMatch(name -> name.contains(".dkr.ecr."));
    assertThat(dnsNames(http.certificateFor(standIn.registryHost())))
        .contains("*.dkr.ecr.us-east-1.amazonaws.com");
    // Another account's ECR host is still ECR's certificate, as on AWS; only Host routing refuses
    // it.
    assertThat(dnsNames(http.certificateFor("210987654321.dkr.ecr.us-east-1.amazonaws.com")))
        .contains("*.dkr.ecr.us-east-1.amazonaws.com");
  }

  private static List<String> dnsNames(X509Certificate certificate) throws Exception {
    List<String> names = new ArrayList<>();
    for (List<?> san : certificate.getSubjectAlternativeNames()) {
      names.add((String) san.get(1));
    }
    return names;
  }

  @Test
  void cnameWithoutRegistryHostIsNotRouted() throws IOException {
    try (Response response = get(http.viaCname(false), cname(RegistryPaths.base()))) {
      assertThat(response.code()).isEqualTo(404);
    }
  }

  @Test
  void cnameWithRegistryHostAndNoCredentialsGetsEcrBasicChallenge() throws IOException {
    try (Response response = get(http.viaCname(true), cname(RegistryPaths.base()))) {
      assertThat(response.code()).isEqualTo(401);
      assertThat(response.headers("WWW-Authenticate"))
          .containsExactly(
              "Basic realm=\"https://"
                  + standIn.registryHost()
                  + "/\",service=\"ecr.amazonaws.com\"");
    }
  }

  @Test
  void cnameWithRegistryHostAndCredentialsGetsDistributionApi() throws IOException {
    try (Response response = get(http.authenticated(), cname(RegistryPaths.base()))) {
      assertThat(response.code()).isEqualTo(200);
      assertThat(response.header("Docker-Distribution-API-Version")).isEqualTo("registry/2.0");
    }
  }

  @Test
  void blobGetRedirectsToS3HostWithPresignedQuery() throws IOException {
    HttpUrl location = blobLocation("app/small-oci", firstLayer("app/small-oci"));

    assertThat(location.scheme()).isEqualTo("https");
    assertThat(location.host()).isEqualTo(standIn.s3Host());
    assertThat(location.queryParameter("X-Amz-Algorithm")).isEqualTo("AWS4-HMAC-SHA256");
    assertThat(location.encodedQuery()).contains("%2F").contains("&X-Amz-Signature=");
  }

  @Test
  void s3HostServesRedirectedBlobWithoutAuthorization() throws IOException {
    String digest = firstLayer("app/small-oci");
    HttpUrl location = blobLocation("app/small-oci", digest);

    try (Response response = get(http.plain(), location)) {
      assertThat(response.code()).isEqualTo(200);
      assertThat("sha256:" + sha256(response.body().bytes())).isEqualTo(digest);
    }
  }

  @Test
  void s3HostRejectsAuthorizationHeader() throws IOException {
    HttpUrl location = blobLocation("app/small-oci", firstLayer("app/small-oci"));
    Request request =
        new Request.Builder()
            .url(location)
            .header("Authorization", "Basic QVdTOnNlY3JldA==")
            .build();

    try (Response response = http.plain().newCall(request).execute()) {
      assertThat(response.code()).isEqualTo(400);
      assertThat(response.body().string())
          .contains("<Code>InvalidArgument</Code>", "Only one auth mechanism allowed");
    }
  }

  @Test
  void s3HostRejectsPresignedQueryThatWasReencoded() throws IOException {
    HttpUrl location = blobLocation("app/small-oci", firstLayer("app/small-oci"));
    HttpUrl decoded = HttpUrl.get(location.toString().replace("%2F", "/"));

    try (Response response = get(http.plain(), decoded)) {
      assertThat(response.code()).isEqualTo(403);
      assertThat(response.body().string()).contains("<Code>SignatureDoesNotMatch</Code>");
    }
  }

  @Test
  void s3HostServesByteRanges() throws IOException {
    HttpUrl location = blobLocation("app/small-oci", firstLayer("app/small-oci"));
    Request request = new Request.Builder().url(location).header("Range", "bytes=0-9").build();

    try (Response response = http.plain().newCall(request).execute()) {
      assertThat(response.code()).isEqualTo(206);
      assertThat(response.body().bytes()).hasSize(10);
    }
  }

  @Test
  void tagListLinkIsAbsoluteOnEcrHostAndFollowingItListsEveryTag() throws IOException {
    List<String> tags = new ArrayList<>();
    String next = tagsPage(http.authenticated(), cname(RegistryPaths.tags("app/many-tags")), tags);

    assertThat(tags).hasSize(100);
    assertThat(next)
        .startsWith(
            "https://" + standIn.registryAuthority() + RegistryPaths.tags("app/many-tags") + "?");
    // The Link names the ECR host itself: following it verbatim needs only name resolution and
    // credentials.
    OkHttpClient direct = http.plain().newBuilder().addInterceptor(basicAuth()).build();
    while (next != null) {
      next = tagsPage(direct, HttpUrl.get(next), tags);
    }
    assertThat(tags).containsExactlyElementsOf(seed.tags("app/many-tags"));
  }

  @Test
  void tagListRejectsPageSizeOverThousand() throws IOException {
    try (Response response =
        get(http.authenticated(), cname(RegistryPaths.tags("app/many-tags") + "?n=1001"))) {
      assertThat(response.code()).isEqualTo(400);
      assertThat(response.body().string()).contains("\"UNSUPPORTED\"", "maxResults");
    }
  }

  @Test
  void tagListRejectsCursorTheClientBuiltItself() throws IOException {
    try (Response response =
        get(http.authenticated(), cname(RegistryPaths.tags("app/many-tags") + "?n=10&last=v010"))) {
      assertThat(response.code()).isEqualTo(405);
      assertThat(response.body().string()).contains("Invalid next token");
    }
  }

  @Test
  void seededIndexListsAmd64AndArm64WithTheirOwnConfigs() throws IOException {
    JsonObject index = manifest("app/multi", "1.0", OCI_INDEX);
    List<String> architectures = new ArrayList<>();
    for (var entry : index.getAsJsonArray("manifests")) {
      JsonObject descriptor = entry.getAsJsonObject();
      String architecture =
          descriptor.getAsJsonObject("platform").get("architecture").getAsString();
      JsonObject image =
          manifest("app/multi", descriptor.get("digest").getAsString(), OCI_MANIFEST);
      String configDigest = image.getAsJsonObject("config").get("digest").getAsString();
      try (Response config = get(http.plain(), blobLocation("app/multi", configDigest))) {
        JsonObject json = JsonParser.parseString(config.body().string()).getAsJsonObject();
        assertThat(json.get("architecture").getAsString()).isEqualTo(architecture);
      }
      architectures.add(architecture);
    }
    assertThat(architectures).containsExactly("amd64", "arm64");
  }

  /**
   * Runs busybox {@code command} in {@code image}, pulled afresh and with no network; its stdout.
   * --pull always: dockerd fetches the image from the registry host (307s to S3 included), never
   * from a cache.
   */
  private String runPulled(String image, String... command) {
    List<String> args = new ArrayList<>();
    args.addAll(List.of("run", "--rm", "--network", "none", "--pull", "always", image, "busybox"));
    args.addAll(List.of(command));
    return standIn.docker(args.toArray(String[]::new)).succeeded().stdout();
  }

  @Test
  void dockerRunOfSeededImagePrintsFileFromTopLayer() {
    standIn.requireDocker();
    String image = standIn.registryAuthority() + "/app/small:1.0";

    String out = runPulled(image, "cat", Seed.TOP_FILE);

    assertThat(out).isEqualTo(seed.files().get(Seed.TOP_FILE));
  }

  @Test
  void dockerAppliesSeedLayersWithWhiteoutHardLinkSymlinkAndLongPath() {
    standIn.requireDocker();
    String image = standIn.registryAuthority() + "/app/small-oci:1.0";
    StringBuilder script = new StringBuilder("cat");
    seed.files().keySet().forEach(file -> script.append(' ').append(file));
    seed.deleted()
        .forEach(file -> script.append("; test -e ").append(file).append(" || echo gone"));
    script.append("; readlink /bin/sh");
    script.append(
        "; test /etc/ecr-cname/base.txt -ef /etc/ecr-cname/base-hardlink.txt && echo linked");

    String out = runPulled(image, "sh", "-c", script.toString());

    String expected =
        String.join("", seed.files().values())
            + "gone\n".repeat(seed.deleted().size())
            + "busybox\nlinked\n";
    assertThat(out).isEqualTo(expected);
  }

  // ---------- helpers ----------

  private static HttpUrl cname(String pathAndQuery) {
    return HttpUrl.get(standIn.endpoint() + pathAndQuery);
  }

  private static Response get(OkHttpClient client, HttpUrl url) throws IOException {
    return client.newCall(new Request.Builder().url(url).build()).execute();
  }

  private static Interceptor basicAuth() {
    String authorization = Credentials.basic(standIn.username(), standIn.password());
    return chain ->
        chain.proceed(chain.request().newBuilder().header("Authorization", authorization).build());
  }

  private static JsonObject manifest(String repository, String reference, String accept)
      throws IOException {
    Request request =
        new Request.Builder()
            .url(cname(RegistryPaths.manifest(repository, reference)))
            .header("Accept", accept)
            .build();
    try (Response response = http.authenticated().newCall(request).execute()) {
      assertThat(response.code()).as("manifest %s:%s", repository, reference).isEqualTo(200);
      return JsonParser.parseString(response.body().string()).getAsJsonObject();
    }
  }

  private static String firstLayer(String repository) throws IOException {
    JsonObject manifest = manifest(repository, seed.tags(repository).get(0), OCI_MANIFEST);
    return manifest.getAsJsonArray("layers").get(0).getAsJsonObject().get("digest").getAsString();
  }

  private static HttpUrl blobLocation(String repository, String digest) throws IOException {
    try (Response response =
        get(http.authenticated(), cname(RegistryPaths.blob(repository, digest)))) {
      assertThat(response.code()).as("blob GET %s@%s", repository, digest).isEqualTo(307);
      return HttpUrl.get(response.header("Location"));
    }
  }

  /** Adds one page's tags and returns the next page's absolute URL, or null on the last page. */
  private static String tagsPage(OkHttpClient client, HttpUrl url, List<String> tags)
      throws IOException {
    try (Response response = get(client, url)) {
      assertThat(response.code()).as("GET %s", url).isEqualTo(200);
      JsonObject page = JsonParser.parseString(response.body().string()).getAsJsonObject();
      page.getAsJsonArray("tags").forEach(t -> tags.add(t.getAsString()));
      return next(response);
    }
  }

  private static String next(Response response) {
    String link = response.header("Link");
    if (link == null) {
      return null;
    }
    Matcher m = NEXT_LINK.matcher(link);
    assertThat(m.matches()).as("Link header %s", link).isTrue();
    return m.group(1);
  }

  private static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
