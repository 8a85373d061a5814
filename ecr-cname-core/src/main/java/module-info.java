/**
 * ecr-cname's core: {@link dev.ecrcname.core.RegistryClient} and the types a caller names. Only the
 * API package is exported; everything under {@code dev.ecrcname.core.internal} is the
 * implementation and may change in any release.
 */
module dev.ecrcname.core {
  requires transitive org.jspecify;
  requires okhttp3;
  requires okhttp3.tls;
  requires com.google.gson;
  requires org.slf4j;
  // zstd for push when asked for (PushOptions.layerCompression); optional, like its Maven
  // dependency.
  requires static com.github.luben.zstd_jni;
  // libdeflate for gzip when it is there and its native library loads
  // (internal.deflate.Libdeflate);
  // optional, like its Maven dependency. Its jar names no module: this is its automatic name.
  requires static jlibdeflate;

  exports dev.ecrcname.core;
  // One reader of PEM CA files, for the registry client and the AWS calls.
  exports dev.ecrcname.core.internal.tls to
      dev.ecrcname.auth;
  // One decision whether libdeflate is usable, for push's gzip and the archive's inflate.
  exports dev.ecrcname.core.internal.deflate to
      dev.ecrcname.archive;

  // Gson reads the wire records of manifests, tag pages and error bodies reflectively.
  opens dev.ecrcname.core.internal.manifest to
      com.google.gson;
  opens dev.ecrcname.core.internal.ops to
      com.google.gson;
}
