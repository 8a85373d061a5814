/** The {@code ecr-cname} command. Exports nothing: it is a program, not a library. */
module dev.ecrcname.cli {
  requires dev.ecrcname.core;
  requires dev.ecrcname.auth;
  requires dev.ecrcname.archive;
  requires dev.ecrcname.serve;
  requires info.picocli;
  requires me.tongfei.progressbar;
  requires com.google.gson;
  requires org.slf4j;
  // sun.misc.Signal, reached by reflection: serve exits 0 after draining on SIGTERM (ServeCommand).
  requires jdk.unsupported;

  // picocli fills the commands' option fields reflectively.
  opens dev.ecrcname.cli to
      info.picocli;
}
