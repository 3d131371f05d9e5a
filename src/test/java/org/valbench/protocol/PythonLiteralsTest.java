package org.valbench.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.valbench.testing.SyntheticProtocol;

class PythonLiteralsTest {
  private static String param(String defaultLiteral) {
    return "x = Parameter('system_prompt', help='h', default=" + defaultLiteral + ")\n";
  }

  @Test
  void parameterDefaultInEitherQuoteKindIsRead() {
    assertThat(PythonLiterals.parameterDefault(param("\"Be kind.\""), "system_prompt"))
        .isEqualTo("Be kind.");
    assertThat(PythonLiterals.parameterDefault(param("'Be \"kind\".'"), "system_prompt"))
        .isEqualTo("Be \"kind\".");
  }

  @Test
  void escapesAreDecodedAsPythonDecodesThem() {
    String literal = "\"a\\tb\\nc\\\\d\\'e\\\"f\\x41\\u00e9\\U0001F600\\101\\0\\q\\N{BULLET}\"";
    assertThat(PythonLiterals.parameterDefault(param(literal), "system_prompt"))
        .isEqualTo("a\tb\nc\\d'e\"fA\u00e9\uD83D\uDE00A\0\\q\u2022");
  }

  @Test
  void rawStringsKeepBackslashesAndAQuoteAfterOneDoesNotEndThem() {
    assertThat(PythonLiterals.parameterDefault(param("r'a\\nb\\'c'"), "system_prompt"))
        .isEqualTo("a\\nb\\'c");
    assertThat(PythonLiterals.parameterDefault(param("R\"x\\\\y\""), "system_prompt"))
        .isEqualTo("x\\\\y");
  }

  @Test
  void adjacentLiteralsAcrossLinesAreJoinedAndALineContinuationDisappears() {
    String source =
        "p = Parameter(\n    'system_prompt',\n    default=('First, '  # why\n"
            + "             \"second, \"\n             u'third'),\n)\n";
    assertThat(PythonLiterals.parameterDefault(source, "system_prompt"))
        .isEqualTo("First, second, third");
    assertThat(PythonLiterals.parameterDefault(param("'one \\\ntwo'"), "system_prompt"))
        .isEqualTo("one two");
  }

  @Test
  void onlyTheNamedParametersOwnDefaultIsTaken() {
    String source =
        "a = Parameter('model', default='not this', help='default=\"nor this\"')\n"
            + "b = Parameter('system_prompt', help=f(default='nested'), required=False,\n"
            + "              default='this one')\n";
    assertThat(PythonLiterals.parameterDefault(source, "system_prompt")).isEqualTo("this one");
  }

  @Test
  void tripleQuotedAssignmentIsReadWithItsNewlinesAndStripped() {
    String source = "X = 1\nPROMPT = \"\"\"\n  Line one\r\n\"quoted\" line\n\n\"\"\".strip()\n";
    assertThat(PythonLiterals.assigned(source, "PROMPT"))
        .isEqualTo("\n  Line one\n\"quoted\" line\n\n");
    assertThat(PythonLiterals.strip(PythonLiterals.assigned(source, "PROMPT")))
        .isEqualTo("Line one\n\"quoted\" line");
    assertThat(PythonLiterals.assigned("P = '''a\\'''b'''\n", "P")).isEqualTo("a'''b");
  }

  @Test
  void stripRemovesWhatPythonCallsSpaceAndNothingElse() {
    assertThat(PythonLiterals.strip("\u00a0\u2003\u001c\t x \u3000\u0085\u000b")).isEqualTo("x");
    assertThat(PythonLiterals.strip("\u200bx\u200b")).isEqualTo("\u200bx\u200b");
  }

  @Test
  void literalsWhoseValueIsNotPlainTextAreRefusedWithAReason() {
    assertThatThrownBy(() -> PythonLiterals.parameterDefault(param("f'{x}'"), "system_prompt"))
        .hasMessageContaining("f-string");
    assertThatThrownBy(() -> PythonLiterals.parameterDefault(param("b'x'"), "system_prompt"))
        .hasMessageContaining("bytes");
    assertThatThrownBy(() -> PythonLiterals.parameterDefault(param("NAME"), "system_prompt"))
        .hasMessageContaining("not a string literal");
    assertThatThrownBy(() -> PythonLiterals.parameterDefault("y = 2\n", "system_prompt"))
        .hasMessageContaining("no Parameter('system_prompt'");
    assertThatThrownBy(() -> PythonLiterals.assigned("P = '''open\n", "P"))
        .hasMessageContaining("not closed");
    assertThatThrownBy(() -> PythonLiterals.assigned("Q = 'x'\n", "P"))
        .hasMessageContaining("no assignment to P");
  }

  @Test
  void syntheticProtocolFilesGiveTheirPromptsAndHashes() {
    ReferencePin pin = SyntheticProtocol.pin();
    assertThat(pin.candidate().extract(SyntheticProtocol.responsesFlow()))
        .isEqualTo(SyntheticProtocol.CANDIDATE_PROMPT);
    assertThat(pin.judge().extract(SyntheticProtocol.evaluatorFlow()))
        .isEqualTo(SyntheticProtocol.JUDGE_PROMPT);
  }
}
