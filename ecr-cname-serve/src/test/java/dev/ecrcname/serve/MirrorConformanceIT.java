package dev.ecrcname.serve;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonParser;
import dev.ecrcname.core.Digest;
import dev.ecrcname.core.MediaTypes;
import dev.ecrcname.core.RegistryClient;
import dev.ecrcname.testing.RegistryPaths;
import dev.ecrcname.testing.Seed;
import dev.ecrcname.testing.StandIn;
import java.util.ArrayList;
import java.util.List;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The mirror's Distribution API through a plain HTTP client, compared with the stand-in's. */
class MirrorConformanceIT {
  static StandIn standIn;
  static Seed seed;
  static RegistryClient client;
  static MirrorServer mirror;
  static OkHttpClient direct;

  @BeforeAll
  static void start() throws Exception {
    standIn = StandIn.require();
    seed = Seed.of(standIn);
    client = Mirrors.client(standIn, "serve-conformance/1").build();
    mirror = Mirrors.mirror(standIn, client).start();
    direct = Mirrors.standInHttp(standIn);
  }

  @AfterAll
  static void stop() {
    mirror.close();
    client.close();
  }

  static Request.Builder get(String path) {
    return new Request.Builder().url(mirror.uri() + path);
  }

  static Response mirror(Request.Builder request) throws Exception {
    return Mirrors.call(Mirrors.HTTP, request);
  }

  @Test
  void versionCheckAnswers200() throws Exception {
    try (Response r = mirror(get(RegistryPaths.base()))) {
      assertThat(r.code()).isEqualTo(200);
      assertThat(r.header("Docker-Distribution-API-Version")).isEqualTo("registry/2.0");
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"app/multi", "app/small", "app/small-oci"})
  void manifestHeadAndGetCarryTheRegistrysDigestTypeAndLength(String repository) throws Exception {
    String path = RegistryPaths.manifest(repository, "1.0");
    String accept = String.join(", ", MediaTypes.ACCEPT);
    Response expected =
        Mirrors.call(
            direct,
            new Request.Builder()
                .url("https://" + standIn.registryAuthority() + path)
                .header("Accept", accept));
    expected.close();
    for (String method : List.of("HEAD", "GET")) {
      try (Response r = mirror(get(path).method(method, null).header("Accept", accept))) {
        assertThat(r.code()).isEqualTo(200);
        for (String h : List.of("Docker-Content-Digest", "Content-Type", "Content-Length")) {
          assertThat(r.header(h)).as(method + " " + h).isEqualTo(expected.header(h));
        }
        if (method.equals("GET")) {
          assertThat(Digest.sha256(r.body().bytes()).toString())
              .isEqualTo(expected.header("Docker-Content-Digest"));
        }
      }
    }
  }

  @Test
  void aBlobGetHashesToItsDigestAndARangeIs206() throws Exception {
    Digest config = configOf("app/small-oci");
    String path = RegistryPaths.blob("app/small-oci", config);
    byte[] whole;
    try (Response r = mirror(get(path))) {
      assertThat(r.code()).isEqualTo(200);
      whole = r.body().bytes();
    }
    assertThat(Digest.sha256(whole)).isEqualTo(config);
    try (Response r = mirror(get(path).header("Range", "bytes=3-10"))) {
      assertThat(r.code()).isEqualTo(206);
      assertThat(r.header("Content-Range")).isEqualTo("bytes 3-10/" + whole.length);
      assertThat(r.body().bytes()).isEqualTo(java.util.Arrays.copyOfRange(whole, 3, 11));
    }
  }

  @Test
  void aBlobHeadIs200WithTheSizeAndNoRedirect() throws Exception {
    Digest config = configOf("app/small-oci");
    try (Response r = mirror(get(RegistryPaths.blob("app/small-oci", config)).head())) {
      assertThat(r.code()).isEqualTo(200);
      assertThat(r.header("Location")).isNull();
      assertThat(r.header("Docker-Content-Digest")).isEqualTo(config.toString());
      assertThat(Long.parseLong(r.header("Content-Length"))).isPositive();
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"POST", "PUT", "PATCH", "DELETE"})
  void writesAre405WithAnOciErrorBody(String method) throws Exception {
    RequestBody body = method.equals("DELETE") ? null : RequestBody.create(new byte[0]);
    try (Response r =
        mirror(get(RegistryPaths.manifest("app/small", "1.0")).method(method, body))) {
      assertThat(r.code()).isEqualTo(405);
      assertThat(r.body().string()).contains("\"code\":\"UNSUPPORTED\"");
    }
  }

  @Test
  void anUnknownManifestIs404ManifestUnknown() throws Exception {
    try (Response r = mirror(get(RegistryPaths.manifest("app/small", "no-such-tag")))) {
      assertThat(r.code()).isEqualTo(404);
      assertThat(r.body().string()).contains("MANIFEST_UNKNOWN");
    }
  }

  @Test
  void referrersOfARegistryWithoutTheApiAre404() throws Exception {
    Digest config = configOf("app/small-oci");
    try (Response r = mirror(get(RegistryPaths.referrers("app/small-oci", config)))) {
      assertThat(r.code()).isEqualTo(404);
      assertThat(r.body().string()).contains("\"errors\"");
    }
  }

  @Test
  void aForeignNamespaceIs404() throws Exception {
    try (Response r = mirror(get(RegistryPaths.manifest("app/small", "1.0") + "?ns=docker.io"))) {
      assertThat(r.code()).isEqualTo(404);
    }
    try (Response r =
        mirror(get(RegistryPaths.manifest("app/small", "1.0") + "?ns=" + standIn.cname()))) {
      assertThat(r.code()).isEqualTo(200);
    }
  }

  @Test
  void aForeignHostIs400() throws Exception {
    try (Response r =
        mirror(get(RegistryPaths.base()).header("Host", "attacker.example:" + mirror.port()))) {
      assertThat(r.code()).isEqualTo(400);
    }
  }

  @Test
  void tagPagesFollowTheLinkRewrittenToTheMirror() throws Exception {
    List<String> tags = new ArrayList<>();
    String next = RegistryPaths.tags("app/many-tags") + "?n=40";
    int pages = 0;
    while (next != null) {
      try (Response r = mirror(get(next))) {
        assertThat(r.code()).isEqualTo(200);
        var json = JsonParser.parseString(r.body().string()).getAsJsonObject();
        json.getAsJsonArray("tags").forEach(t -> tags.add(t.getAsString()));
        String link = r.header("Link");
        next = link == null ? null : link.substring(link.indexOf('<') + 1, link.indexOf('>'));
        if (next != null) {
          assertThat(next).startsWith(RegistryPaths.tags("app/many-tags") + "?");
        }
      }
      pages++;
    }
    assertThat(pages).isEqualTo(4);
    assertThat(tags).containsExactlyElementsOf(seed.tags("app/many-tags"));
  }

  static Digest configOf(String repository) throws Exception {
    return configOf(mirror, repository);
  }

  /** The config digest of {@code repository:1.0}, read through {@code server}. */
  static Digest configOf(MirrorServer server, String repository) throws Exception {
    try (Response r =
        Mirrors.call(
            Mirrors.HTTP,
            new Request.Builder().url(server.uri() + RegistryPaths.manifest(repository, "1.0")))) {
      var json = JsonParser.parseString(r.body().string()).getAsJsonObject();
      return Digest.parse(json.getAsJsonObject("config").get("digest").getAsString());
    }
  }
}
