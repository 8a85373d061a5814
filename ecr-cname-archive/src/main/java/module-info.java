/**
 * {@code docker load} tarballs for ecr-cname, and the reader of {@code docker save} output: {@link
 * dev.ecrcname.archive.DockerArchive}.
 */
module dev.ecrcname.archive {
  requires transitive dev.ecrcname.core;
  requires org.apache.commons.compress;
  requires com.github.luben.zstd_jni;
  requires com.google.gson;
  requires org.slf4j;

  exports dev.ecrcname.archive;

  // Gson reads and writes the archive's JSON records reflectively.
  opens dev.ecrcname.archive to
      com.google.gson;
}
