package dev.ecrcname.archive;

import com.google.gson.JsonElement;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * A tar read back with Commons Compress, so tests check our writer against an independent reader.
 */
record TarContents(Map<String, TarArchiveEntry> entries, Map<String, byte[]> files) {

  static TarContents read(Path tar) {
    Map<String, TarArchiveEntry> entries = new LinkedHashMap<>();
    Map<String, byte[]> files = new LinkedHashMap<>();
    try (InputStream in = Files.newInputStream(tar);
        TarArchiveInputStream archive = new TarArchiveInputStream(in)) {
      for (TarArchiveEntry entry; (entry = archive.getNextEntry()) != null; ) {
        entries.put(entry.getName(), entry);
        if (entry.isFile()) {
          files.put(entry.getName(), archive.readAllBytes());
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new TarContents(entries, files);
  }

  byte[] file(String name) {
    byte[] content = files.get(name);
    if (content == null) {
      throw new AssertionError("no file " + name + " in the tar; entries: " + entries.keySet());
    }
    return content;
  }

  JsonElement json(String name) {
    return JsonParser.parseString(new String(file(name), StandardCharsets.UTF_8));
  }
}
