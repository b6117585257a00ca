package org.prismq.runner.bootstrap;

/** The text of {@code --help}, made from the {@link Option}s so it cannot drift from them. */
final class Help {

    private Help() {
    }

    static String text() {
        StringBuilder text = new StringBuilder("""
                PrismQ Runner: runs modules as subprocesses and streams every line of their output live.

                Usage: java -jar prismq-runner.jar [options]

                Every option can also be set with the environment variable shown; options win.

                """);
        for (Option option : Option.values()) {
            String usage = option.isSwitch() ? option.flag() : option.flag() + " VALUE";
            text.append(String.format("  --%-26s %s%n", usage, option.help()));
            text.append(String.format("  %-28s env %s%s%n", "", option.environmentVariable(),
                    option.defaultValue() == null ? "" : ", default " + option.defaultValue()));
        }
        text.append(String.format("  --%-26s %s%n", "help", "show this help and exit"));
        return text.toString();
    }
}
