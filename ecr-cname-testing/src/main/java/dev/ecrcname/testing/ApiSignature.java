package dev.ecrcname.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.Member;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The public API of a module's exported package as text, one line per public type and member, in
 * OkHttp's style ({@code okhttp/api/jvm/okhttp.api}): committed beside the module as {@code
 * api/<module>.api}, so that every change to the public surface shows in a diff and is reviewed as
 * one. {@link #check} fails when the classes and the committed file differ; run the module's {@code
 * PublicApiTest} with {@code -Dapi.update=true} to rewrite the file (docs/releasing.md).
 */
public final class ApiSignature {
  private ApiSignature() {}

  /**
   * The signature text of the public types of {@code packageName} (and their public nested types)
   * found under {@code classes}.
   *
   * @param classes the module's compiled classes, e.g. {@code target/classes}
   * @param packageName the exported package, e.g. {@code dev.ecrcname.core}
   * @return one block per type, by name
   */
  public static String of(Path classes, String packageName) {
    Path dir = classes.resolve(packageName.replace('.', '/'));
    Map<String, String> blocks = new TreeMap<>();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path file : files.sorted().toList()) {
        String name = file.getFileName().toString();
        if (!name.endsWith(".class") || name.equals("package-info.class")) {
          continue;
        }
        Class<?> type = load(packageName + "." + name.substring(0, name.length() - 6));
        if (isVisible(type)) {
          blocks.put(type.getName(), block(type));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return String.join("\n", blocks.values());
  }

  /**
   * Compares the classes with the committed {@code api} file; with {@code -Dapi.update=true},
   * rewrites the file instead.
   *
   * @param classes the module's compiled classes
   * @param packageName the exported package
   * @param apiFile the committed signature file
   * @throws AssertionError when they differ, showing the first difference and how to update
   */
  public static void check(Path classes, String packageName, Path apiFile) {
    String actual = of(classes, packageName);
    try {
      if (Boolean.getBoolean("api.update")) {
        Files.createDirectories(apiFile.toAbsolutePath().getParent());
        Files.writeString(apiFile, actual, StandardCharsets.UTF_8);
        return;
      }
      String committed =
          Files.exists(apiFile) ? Files.readString(apiFile, StandardCharsets.UTF_8) : "";
      if (!committed.equals(actual)) {
        throw new AssertionError(
            "the public API of "
                + packageName
                + " differs from "
                + apiFile
                + " (first difference: "
                + firstDifference(committed, actual)
                + "). Review the change, then record it: ./mvnw -pl <module> -am test"
                + " -Dtest=PublicApiTest -Dsurefire.failIfNoSpecifiedTests=false -Dapi.update=true"
                + " (docs/releasing.md)");
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String firstDifference(String committed, String actual) {
    List<String> was = committed.lines().toList();
    List<String> now = actual.lines().toList();
    for (int i = 0; i < Math.max(was.size(), now.size()); i++) {
      String a = i < was.size() ? was.get(i) : "(end)";
      String b = i < now.size() ? now.get(i) : "(end)";
      if (!a.equals(b)) {
        return "line " + (i + 1) + " was '" + a.strip() + "', is '" + b.strip() + "'";
      }
    }
    return "none";
  }

  private static Class<?> load(String name) {
    try {
      return Class.forName(name, false, ApiSignature.class.getClassLoader());
    } catch (ClassNotFoundException e) {
      throw new IllegalStateException("cannot load " + name, e);
    }
  }

  /** Public, and (for a nested type) in public types all the way out. */
  private static boolean isVisible(Class<?> type) {
    for (Class<?> t = type; t != null; t = t.getDeclaringClass()) {
      if (!Modifier.isPublic(t.getModifiers())) {
        return false;
      }
    }
    return !type.isSynthetic() && !type.isAnonymousClass();
  }

  private static String block(Class<?> type) {
    List<String> members = new ArrayList<>();
    for (Constructor<?> c : type.getDeclaredConstructors()) {
      if (visible(c) && !c.isSynthetic()) {
        members.add(c.toGenericString());
      }
    }
    for (Method m : type.getDeclaredMethods()) {
      if (visible(m) && !m.isSynthetic() && !m.isBridge()) {
        members.add(m.toGenericString());
      }
    }
    for (Field f : type.getDeclaredFields()) {
      if (visible(f) && !f.isSynthetic()) {
        members.add(f.toGenericString());
      }
    }
    members.sort(null);
    StringBuilder text = new StringBuilder(header(type)).append(" {\n");
    members.forEach(m -> text.append("  ").append(m).append('\n'));
    return text.append("}\n").toString();
  }

  private static boolean visible(Member member) {
    int modifiers = member.getModifiers();
    return Modifier.isPublic(modifiers) || Modifier.isProtected(modifiers);
  }

  private static String header(Class<?> type) {
    String kind =
        type.isAnnotation()
            ? "@interface"
            : type.isInterface()
                ? "interface"
                : type.isEnum() ? "enum" : type.isRecord() ? "record" : "class";
    int modifiers = type.getModifiers() & ~Modifier.INTERFACE & ~Modifier.STATIC;
    if (type.isInterface() || type.isEnum() || type.isRecord()) {
      modifiers &= ~Modifier.ABSTRACT & ~Modifier.FINAL;
    }
    StringBuilder text = new StringBuilder(Modifier.toString(modifiers));
    text.append(' ').append(kind).append(' ').append(type.getName());
    if (type.getSuperclass() != null
        && !List.of(Object.class, Record.class, Enum.class).contains(type.getSuperclass())) {
      text.append(" extends ").append(type.getGenericSuperclass().getTypeName());
    }
    String interfaces =
        Arrays.stream(type.getGenericInterfaces())
            .map(java.lang.reflect.Type::getTypeName)
            .collect(Collectors.joining(", "));
    if (!interfaces.isEmpty()) {
      text.append(type.isInterface() ? " extends " : " implements ").append(interfaces);
    }
    return text.toString();
  }
}
