package dev.ecrcname.serve;

import dev.ecrcname.testing.ApiSignature;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The exported package's public API matches the committed {@code api/ecr-cname-serve.api}: a change
 * to the public surface shows in that file's diff and is reviewed as one (docs/releasing.md).
 */
class PublicApiTest {

  @Test
  void publicApiMatchesTheCommittedSignatureFile() {
    ApiSignature.check(
        Path.of("target/classes"), "dev.ecrcname.serve", Path.of("api/ecr-cname-serve.api"));
  }
}
