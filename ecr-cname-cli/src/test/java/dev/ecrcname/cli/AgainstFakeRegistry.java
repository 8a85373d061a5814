package dev.ecrcname.cli;

import dev.ecrcname.testing.Command;
import dev.ecrcname.testing.FakeRegistry;
import java.nio.file.Path;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the CLI's tests against a scripted registry share: the {@link FakeRegistry}, a work
 * directory, a private layer cache, and the command line that reaches the registry.
 */
abstract class AgainstFakeRegistry {
  @RegisterExtension final FakeRegistry registry = new FakeRegistry();
  @TempDir Path work;
  @TempDir Path cache;

  /** {@code ecr-cname COMMAND ARGS} in the work directory, the password on stdin. */
  Command ecrCname(String command, String... args) {
    return Cli.ecrCname(command)
        .args(Connection.fake(registry, cache))
        .args(args)
        .stdin("secret\n")
        .in(work);
  }
}
