package io.footfall.agent.receive;

/**
 * Makes text that came from the network safe to show. Whatever a payload, a topic or an error
 * message quoting them holds, {@link #terminal} never lets a control character reach a terminal
 * (an escape sequence could recolour, move the cursor or rewrite earlier lines) and never starts a
 * new line; {@link #csvCell} yields one cell a spreadsheet shows as text, never as a formula.
 */
public final class Text {
    private Text() {}

    /**
     * Control characters (C0, DEL, C1 — U+009B is a one-character CSI), line and paragraph
     * separators and the bidirectional overrides become {@code \\uXXXX}; a backslash becomes two,
     * so the escaped text cannot be confused with an escape of ours.
     */
    public static String terminal(String s) {
        StringBuilder b = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean unsafe = c < 0x20 || (c >= 0x7f && c <= 0x9f) || c == '\u2028' || c == '\u2029'
                    || (c >= '\u202a' && c <= '\u202e') || (c >= '\u2066' && c <= '\u2069') || c == '\\';
            if (unsafe && b == null) {
                b = new StringBuilder(s.length() + 16).append(s, 0, i);
            }
            if (b != null) {
                if (c == '\\') {
                    b.append("\\\\");
                } else if (unsafe) {
                    b.append(String.format("\\u%04x", (int) c));
                } else {
                    b.append(c);
                }
            }
        }
        return b == null ? s : b.toString();
    }

    /**
     * One RFC 4180 cell. A cell a spreadsheet would evaluate ({@code = + - @}, tab or carriage
     * return first: OWASP's CSV injection rules) gets a leading apostrophe; a cell with a comma,
     * quote or line break is quoted. Plain numbers (a minus sign followed by digits) stay numbers.
     */
    public static String csvCell(String s) {
        String v = s;
        if (!v.isEmpty() && "=+-@\t\r".indexOf(v.charAt(0)) >= 0 && !v.matches("-[0-9]+(\\.[0-9]+)?")) {
            v = "'" + v;
        }
        if (v.indexOf(',') >= 0 || v.indexOf('"') >= 0 || v.indexOf('\n') >= 0 || v.indexOf('\r') >= 0) {
            v = '"' + v.replace("\"", "\"\"") + '"';
        }
        return v;
    }
}
