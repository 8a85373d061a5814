package dev.ecrcname.cli;

import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Help;
import picocli.CommandLine.Help.ColorScheme;
import picocli.CommandLine.Help.IOptionRenderer;
import picocli.CommandLine.IHelpFactory;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Lists each long option under its first name only. picocli would print every name, shortest first,
 * so the original script's aliases ({@code --url, --endpoint}) would lead; the descriptions name
 * them instead.
 */
final class OneNameHelp implements IHelpFactory {

  @Override
  public Help create(CommandSpec spec, ColorScheme colorScheme) {
    return new Help(spec, colorScheme) {
      @Override
      public IOptionRenderer createDefaultOptionRenderer() {
        IOptionRenderer standard = super.createDefaultOptionRenderer();
        return (option, labels, scheme) -> standard.render(firstNameOnly(option), labels, scheme);
      }
    };
  }

  /** Keeps the short name and the first long one: {@code -q, --quiet} stays, {@code --url} goes. */
  static OptionSpec firstNameOnly(OptionSpec option) {
    List<String> kept = new ArrayList<>();
    boolean longSeen = false;
    for (String name : option.names()) {
      if (!name.startsWith("--")) {
        kept.add(name);
      } else if (!longSeen) {
        kept.add(name);
        longSeen = true;
      }
    }
    if (kept.size() == option.names().length) {
      return option;
    }
    return OptionSpec.builder(option).names(kept.toArray(String[]::new)).build();
  }
}
