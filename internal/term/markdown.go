package term

import "strings"

// Markdown makes text from outside (a run's title, a group name, a note)
// safe to put inline in Markdown: control characters are escaped as by
// Line, line breaks become spaces, and every character that could start
// markup (emphasis, code, links and images, raw HTML and entities, table
// pipes, strikethrough, math) is backslash-escaped, as CommonMark allows
// for any ASCII punctuation. A marker that would start a block at the
// beginning of a line (a heading, a quote, a list item, a setext
// underline) is escaped too. The text reads the same once rendered.
func Markdown(s string) string {
	s = strings.TrimLeft(oneLine(s), " ") // four spaces would start a code block
	var b strings.Builder
	b.Grow(len(s) + 8)
	for i := 0; i < len(s); i++ {
		c := s[i]
		if strings.IndexByte("\\`*_[]<>&~|$", c) >= 0 || i == 0 && blockMarker(s) || (c == '.' || c == ')') && orderedMarker(s[:i], s[i+1:]) {
			b.WriteByte('\\')
		}
		b.WriteByte(c)
	}
	return b.String()
}

// blockMarker says whether s starts with what starts a block at the
// beginning of a line: a quote (>), a heading (# x, ## x), a list item
// (- x, + x), a thematic break or setext underline (---, ===).
func blockMarker(s string) bool {
	switch c := s[0]; c {
	case '>':
		return true
	case '#', '-', '+', '=':
		return len(s) == 1 || s[1] == ' ' || s[1] == c
	}
	return false
}

// orderedMarker says whether prefix is the digits of an ordered list's
// marker ("1. x" or "1) x" at the start of a line), rest what follows.
func orderedMarker(prefix, rest string) bool {
	if prefix == "" || len(prefix) > 9 || rest != "" && rest[0] != ' ' {
		return false
	}
	for i := 0; i < len(prefix); i++ {
		if prefix[i] < '0' || prefix[i] > '9' {
			return false
		}
	}
	return true
}

// MarkdownCode is s as a Markdown code span, fences included: the fence is
// longer than any run of backticks inside, so the span cannot be closed
// early, and nothing inside is markup (no HTML, no links). Control
// characters are escaped as by Line; line breaks become spaces.
func MarkdownCode(s string) string {
	s = oneLine(s)
	longest, run := 0, 0
	for i := 0; i < len(s); i++ {
		if s[i] == '`' {
			run++
			longest = max(longest, run)
		} else {
			run = 0
		}
	}
	fence := strings.Repeat("`", longest+1)
	if s == "" || s[0] == '`' || s[len(s)-1] == '`' || s[0] == ' ' && s[len(s)-1] == ' ' {
		s = " " + s + " " // CommonMark strips one space on each side
	}
	return fence + s + fence
}

// oneLine escapes control characters (tabs included) and turns line
// breaks into spaces: Markdown text from outside stays where it is put.
func oneLine(s string) string {
	s = Clean(strings.NewReplacer("\r\n", " ", "\n", " ", "\r", " ").Replace(s))
	return strings.ReplaceAll(s, "\t", `\t`)
}
