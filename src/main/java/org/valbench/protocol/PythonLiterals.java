package org.valbench.protocol;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads string constants out of Python source text without running it: the {@code default=} of a
 * Metaflow {@code Parameter('name', ...)}, or the string assigned to a module-level name. String
 * literals are decoded as Python decodes them (quotes, triple quotes, raw strings, escapes,
 * adjacent literals concatenated); bytes and f-strings are refused since their value is not text
 * known before running the code.
 */
public final class PythonLiterals {
  private PythonLiterals() {}

  /**
   * The {@code default=} string of the {@code Parameter} call whose first argument is {@code name}.
   */
  public static String parameterDefault(String source, String name) {
    String text = newlines(source);
    Matcher call = Pattern.compile("\\bParameter\\s*\\(").matcher(text);
    while (call.find()) {
      int p = skipSpace(text, call.end(), true);
      if (!literalStarts(text, p)) {
        continue;
      }
      Parsed first = literal(text, p);
      if (!first.value().equals(name)) {
        continue;
      }
      return keywordArgument(text, first.end(), "default", name);
    }
    throw new IllegalArgumentException("no Parameter('" + name + "', ...) call found");
  }

  /** The string assigned to {@code name} at the start of a line ({@code NAME = "..."}). */
  public static String assigned(String source, String name) {
    String text = newlines(source);
    Matcher assignment =
        Pattern.compile("(?m)^" + Pattern.quote(name) + "[ \\t]*=[ \\t]*").matcher(text);
    if (!assignment.find()) {
      throw new IllegalArgumentException("no assignment to " + name + " found");
    }
    return stringValue(text, assignment.end(), false, name);
  }

  /**
   * The string at {@code p}: one literal or several adjacent ones, possibly in parentheses. {@code
   * what} names the value in a message.
   */
  private static String stringValue(String text, int p, boolean insideBrackets, String what) {
    boolean parenthesised = p < text.length() && text.charAt(p) == '(';
    int start = parenthesised ? skipSpace(text, p + 1, true) : p;
    if (!literalStarts(text, start)) {
      throw new IllegalArgumentException(what + " is not a string literal");
    }
    Parsed value = concatenated(text, start, insideBrackets || parenthesised);
    if (parenthesised) {
      int close = skipSpace(text, value.end(), true);
      if (close >= text.length() || text.charAt(close) != ')') {
        throw new IllegalArgumentException(what + " is not a string literal");
      }
    }
    return value.value();
  }

  /** Python's {@code str.strip()}: removes what Python's {@code str.isspace()} calls space. */
  public static String strip(String text) {
    int start = 0;
    int end = text.length();
    while (start < end && isPythonSpace(text.charAt(start))) {
      start++;
    }
    while (end > start && isPythonSpace(text.charAt(end - 1))) {
      end--;
    }
    return text.substring(start, end);
  }

  static boolean isPythonSpace(char c) {
    return (c >= '\t' && c <= '\r')
        || (c >= '\u001c' && c <= ' ')
        || c == '\u0085'
        || c == '\u00a0'
        || c == '\u1680'
        || (c >= '\u2000' && c <= '\u200a')
        || c == '\u2028'
        || c == '\u2029'
        || c == '\u202f'
        || c == '\u205f'
        || c == '\u3000';
  }

  /** Python reads source with universal newlines: CRLF and CR become LF, also inside strings. */
  private static String newlines(String source) {
    return source.replace("\r\n", "\n").replace('\r', '\n');
  }

  private record Parsed(String value, int end) {}

  /** Scans the arguments of a call (just after its first argument) for {@code keyword=}. */
  private static String keywordArgument(String text, int from, String keyword, String name) {
    int depth = 1;
    int p = from;
    while (p < text.length()) {
      char c = text.charAt(p);
      if (c == '#') {
        p = lineEnd(text, p);
      } else if (literalStarts(text, p)) {
        p = literal(text, p).end();
      } else if (c == '(' || c == '[' || c == '{') {
        depth++;
        p++;
      } else if (c == ')' || c == ']' || c == '}') {
        if (--depth == 0) {
          break;
        }
        p++;
      } else if (depth == 1 && text.startsWith(keyword, p) && !identifierChar(text, p - 1)) {
        int q = skipSpace(text, p + keyword.length(), true);
        if (q < text.length()
            && text.charAt(q) == '='
            && (q + 1 >= text.length() || text.charAt(q + 1) != '=')) {
          return stringValue(
              text,
              skipSpace(text, q + 1, true),
              true,
              "the " + keyword + " of Parameter('" + name + "')");
        }
        p += keyword.length();
      } else {
        p++;
      }
    }
    throw new IllegalArgumentException("Parameter('" + name + "', ...) has no " + keyword + "=");
  }

  /** One literal, then any literals right after it, joined as Python joins adjacent literals. */
  private static Parsed concatenated(String text, int p, boolean insideBrackets) {
    StringBuilder value = new StringBuilder();
    Parsed part = literal(text, p);
    value.append(part.value());
    while (true) {
      int next = skipSpace(text, part.end(), insideBrackets);
      if (!literalStarts(text, next)) {
        return new Parsed(value.toString(), part.end());
      }
      part = literal(text, next);
      value.append(part.value());
    }
  }

  /** Skips blanks, backslash line continuations and, inside brackets, newlines and comments. */
  private static int skipSpace(String text, int p, boolean insideBrackets) {
    while (p < text.length()) {
      char c = text.charAt(p);
      if (c == ' ' || c == '\t' || c == '\f') {
        p++;
      } else if (c == '\\' && p + 1 < text.length() && text.charAt(p + 1) == '\n') {
        p += 2;
      } else if (insideBrackets && c == '\n') {
        p++;
      } else if (insideBrackets && c == '#') {
        p = lineEnd(text, p);
      } else {
        break;
      }
    }
    return p;
  }

  private static int lineEnd(String text, int p) {
    int end = text.indexOf('\n', p);
    return end < 0 ? text.length() : end;
  }

  private static boolean identifierChar(String text, int p) {
    if (p < 0 || p >= text.length()) {
      return false;
    }
    char c = text.charAt(p);
    return Character.isLetterOrDigit(c) || c == '_';
  }

  /** Whether a string literal (with an optional prefix such as {@code r} or {@code u}) starts. */
  private static boolean literalStarts(String text, int p) {
    if (p >= text.length() || identifierChar(text, p - 1)) {
      return false;
    }
    int q = p;
    while (q < text.length() && q - p < 2 && "rRuUbBfF".indexOf(text.charAt(q)) >= 0) {
      q++;
    }
    return q < text.length() && (text.charAt(q) == '\'' || text.charAt(q) == '"');
  }

  private static Parsed literal(String text, int p) {
    int q = p;
    while ("rRuUbBfF".indexOf(text.charAt(q)) >= 0) {
      q++;
    }
    String prefix = text.substring(p, q).toLowerCase(Locale.ROOT);
    if (prefix.contains("b") || prefix.contains("f")) {
      throw new IllegalArgumentException(
          "a " + (prefix.contains("b") ? "bytes" : "f-string") + " literal is not a plain string");
    }
    if (prefix.length() == 2 && !prefix.equals("ur") && !prefix.equals("ru")) {
      throw new IllegalArgumentException("unknown string prefix " + prefix);
    }
    if (prefix.equals("ur") || prefix.equals("ru")) {
      throw new IllegalArgumentException("the prefix " + prefix + " is not valid in Python 3");
    }
    boolean raw = prefix.contains("r");
    char quote = text.charAt(q);
    boolean triple = text.startsWith(String.valueOf(quote).repeat(3), q);
    String delimiter = String.valueOf(quote).repeat(triple ? 3 : 1);
    int i = q + delimiter.length();
    StringBuilder value = new StringBuilder();
    while (true) {
      if (i >= text.length()) {
        throw new IllegalArgumentException("a string literal is not closed");
      }
      char c = text.charAt(i);
      if (text.startsWith(delimiter, i)) {
        return new Parsed(value.toString(), i + delimiter.length());
      }
      if (c == '\n' && !triple) {
        throw new IllegalArgumentException("a single-quoted string literal runs past its line");
      }
      if (c != '\\') {
        value.append(c);
        i++;
      } else if (i + 1 >= text.length()) {
        throw new IllegalArgumentException("a string literal ends with a backslash");
      } else if (raw) {
        // In a raw string the backslash stays, and protects the next character from ending it.
        value.append(c).append(text.charAt(i + 1));
        i += 2;
      } else {
        i = escape(text, i + 1, value);
      }
    }
  }

  /** Decodes the escape whose first character after the backslash is at {@code p}. */
  private static int escape(String text, int p, StringBuilder value) {
    char c = text.charAt(p);
    switch (c) {
      case '\n' -> {
        return p + 1; // a backslash at the end of a line joins the lines
      }
      case '\\', '\'', '"' -> value.append(c);
      case 'a' -> value.append('\u0007');
      case 'b' -> value.append('\b');
      case 'f' -> value.append('\f');
      case 'n' -> value.append('\n');
      case 'r' -> value.append('\r');
      case 't' -> value.append('\t');
      case 'v' -> value.append('\u000b');
      case 'x' -> {
        return hex(text, p + 1, 2, value);
      }
      case 'u' -> {
        return hex(text, p + 1, 4, value);
      }
      case 'U' -> {
        return hex(text, p + 1, 8, value);
      }
      case 'N' -> {
        int close = text.indexOf('}', p);
        if (p + 1 >= text.length() || text.charAt(p + 1) != '{' || close < 0) {
          throw new IllegalArgumentException("a \\N escape without {name}");
        }
        String name = text.substring(p + 2, close);
        try {
          value.appendCodePoint(Character.codePointOf(name));
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException("unknown character name \\N{" + name + "}", e);
        }
        return close + 1;
      }
      default -> {
        if (c >= '0' && c <= '7') {
          int end = p;
          while (end < text.length()
              && end - p < 3
              && text.charAt(end) >= '0'
              && text.charAt(end) <= '7') {
            end++;
          }
          value.appendCodePoint(Integer.parseInt(text.substring(p, end), 8));
          return end;
        }
        // Python keeps an unknown escape as it is, backslash included.
        value.append('\\').append(c);
      }
    }
    return p + 1;
  }

  private static int hex(String text, int p, int digits, StringBuilder value) {
    if (p + digits > text.length()
        || !text.substring(p, p + digits).chars().allMatch(PythonLiterals::isHexDigit)) {
      throw new IllegalArgumentException(
          "a \\x, \\u or \\U escape needs " + digits + " hex digits");
    }
    int codePoint = Integer.parseInt(text.substring(p, p + digits), 16);
    if (!Character.isValidCodePoint(codePoint)) {
      throw new IllegalArgumentException("an escape names no character: " + codePoint);
    }
    value.appendCodePoint(codePoint);
    return p + digits;
  }

  private static boolean isHexDigit(int c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
  }
}
