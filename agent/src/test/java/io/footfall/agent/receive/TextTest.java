package io.footfall.agent.receive;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class TextTest {
    @Test
    void control_characters_line_breaks_and_bidi_overrides_never_reach_the_terminal() {
        assertEquals("a\\u001b[2Jb\\u000a\\u009b31m\\u202e\\\\", Text.terminal("a\u001b[2Jb\n\u009b31m\u202e\\"));
        assertEquals("kortrijk-centrum node-017 é", Text.terminal("kortrijk-centrum node-017 é"));
    }

    @Test
    void a_cell_a_spreadsheet_would_evaluate_is_shown_as_text_and_separators_are_quoted() {
        assertEquals("\"'=HYPERLINK(\"\"http://x\"\")\"", Text.csvCell("=HYPERLINK(\"http://x\")"));
        assertEquals("\"'=1+2,3\"", Text.csvCell("=1+2,3"));
        assertEquals("'+1", Text.csvCell("+1"));
        assertEquals("'@SUM(A1)", Text.csvCell("@SUM(A1)"));
        assertEquals("'-cmd|' /C calc'!A0", Text.csvCell("-cmd|' /C calc'!A0"));
        assertEquals("-12", Text.csvCell("-12"));
        assertEquals("\"two\nlines\"", Text.csvCell("two\nlines"));
        assertEquals("node-017/c41e9a/12", Text.csvCell("node-017/c41e9a/12"));
    }
}
