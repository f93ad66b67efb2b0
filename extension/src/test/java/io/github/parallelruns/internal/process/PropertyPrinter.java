package io.github.parallelruns.internal.process;

/** Prints the system properties named by its arguments, one per line, with line breaks shown as {@code \n}, {@code \r}. */
public final class PropertyPrinter {

    private PropertyPrinter() {}

    public static void main(String[] args) {
        for (String key : args) {
            String value = System.getProperty(key);
            System.out.println(key + "="
                    + (value == null
                            ? "<none>"
                            : value.replace("\\", "\\\\")
                                    .replace("\n", "\\n")
                                    .replace("\r", "\\r")
                                    .replace("\f", "\\f")));
        }
    }
}
