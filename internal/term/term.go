package term

import (
	"fmt"
	"io"
	"strings"
)

// Clean escapes control characters (C0 but newline and tab, DEL, C1 and
// invalid UTF-8) as \x.. / \u.... so the text prints as what it is.
func Clean(s string) string {
	if !needsCleaning(s) {
		return s
	}
	var b strings.Builder
	for i, r := range s {
		switch {
		case r == '\n' || r == '\t':
			b.WriteRune(r)
		case r == 0xFFFD && len(s) > i && s[i] != 0xEF:
			fmt.Fprintf(&b, `\x%02x`, s[i]) // an invalid byte, not a real U+FFFD
		case r < 0x20 || r == 0x7f:
			fmt.Fprintf(&b, `\x%02x`, r)
		case r >= 0x80 && r < 0xa0:
			fmt.Fprintf(&b, `\u%04x`, r)
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

func needsCleaning(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		// bytes ≥ 0x80 take the slow path, which tells C1 controls and
		// invalid UTF-8 from ordinary letters
		if (c < 0x20 && c != '\n' && c != '\t') || c == 0x7f || c >= 0x80 {
			return true
		}
	}
	return false
}

// Writer cleans everything written through it (see Clean). Each Write is
// cleaned on its own: write whole lines or strings, not split runes.
func Writer(w io.Writer) io.Writer { return cleanWriter{w} }

type cleanWriter struct{ w io.Writer }

func (c cleanWriter) Write(p []byte) (int, error) {
	if _, err := io.WriteString(c.w, Clean(string(p))); err != nil {
		return 0, err
	}
	return len(p), nil
}
