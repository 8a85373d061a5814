package dev.ecrcname.core;

import dev.ecrcname.core.testing.TestClients;
import dev.ecrcname.testing.FakeRegistry;
import java.nio.file.Path;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** What the scripted client tests share: a {@link FakeRegistry}, a layer cache, and a client. */
abstract class ScriptedRegistryTest {
  @RegisterExtension final FakeRegistry registry = new FakeRegistry();
  @TempDir Path cache;

  /** A client of {@link TestClients#fake}, as most scripted tests want it. */
  RegistryClient client() {
    return TestClients.fake(registry, cache).build();
  }
}
