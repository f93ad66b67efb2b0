package io.github.parallelruns.internal.report;

/**
 * Escaping for everything the HTML report takes from a record: test names, reasons and error
 * messages may hold {@code <}, {@code >}, {@code &} and quotes, in element text and in attributes.
 */
final class Html {

    private Html() {}

    /** {@code text} safe inside an element or a quoted attribute, in HTML and in inline SVG. */
    static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> {
                    // Control characters other than tab and line breaks are not allowed in HTML text.
                    if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') {
                        out.append('\ufffd');
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.toString();
    }
}
