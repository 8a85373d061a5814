package dev.ecrcname.cli;

import dev.ecrcname.testing.Command;
import dev.ecrcname.testing.Seed;
import dev.ecrcname.testing.StandIn;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the CLI's tests against the running stand-in share: the stand-in and its seed, a work
 * directory, a private layer cache, and the command line that reaches the stand-in through its
 * CNAME with static credentials.
 */
abstract class AgainstStandIn {
  static StandIn standIn;
  static Seed seed;
  @TempDir Path work;
  @TempDir Path cache;

  @BeforeAll
  static void standIn() {
    standIn = StandIn.require();
    seed = Seed.of(standIn);
  }

  /** {@code ecr-cname COMMAND ARGS} in the work directory, the password on stdin. */
  Command ecrCname(String command, String... args) {
    return Cli.ecrCname(command)
        .args(Connection.staticCredentials(standIn, cache))
        .args(List.of(args))
        .stdin(standIn.password() + "\n")
        .in(work);
  }
}
