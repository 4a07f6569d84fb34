package usb

import (
	"bytes"
	"errors"
	"unicode/utf16"
	"unicode/utf8"
)

// decodeText turns a saved listing into UTF-8 text before anything else
// reads it. Windows PowerShell's `>` and Out-File write UTF-16LE with a
// byte-order mark, Notepad may add a UTF-8 one: both are decoded here, so
// the readers only ever see UTF-8. Text without a BOM is returned as is.
func decodeText(b []byte) ([]byte, error) {
	switch {
	case bytes.HasPrefix(b, []byte{0xEF, 0xBB, 0xBF}):
		return b[3:], nil
	case bytes.HasPrefix(b, []byte{0xFF, 0xFE}):
		return decodeUTF16(b[2:], false)
	case bytes.HasPrefix(b, []byte{0xFE, 0xFF}):
		return decodeUTF16(b[2:], true)
	}
	return b, nil
}

// errOddUTF16 is a UTF-16 file cut in the middle of a character.
var errOddUTF16 = errors.New("UTF-16 text (it starts with a byte-order mark) with an odd number of bytes: the file is cut short")

func decodeUTF16(b []byte, bigEndian bool) ([]byte, error) {
	if len(b)%2 != 0 {
		return nil, errOddUTF16
	}
	units := make([]uint16, len(b)/2)
	for i := range units {
		hi, lo := b[2*i+1], b[2*i]
		if bigEndian {
			hi, lo = lo, hi
		}
		units[i] = uint16(hi)<<8 | uint16(lo)
	}
	// Unpaired surrogates become U+FFFD, as everywhere else in Go.
	runes := utf16.Decode(units)
	out := make([]byte, 0, len(runes))
	for _, r := range runes {
		out = utf8.AppendRune(out, r)
	}
	return out, nil
}

// looksUTF16 reports whether b is probably UTF-16 without a byte-order mark
// (every other byte NUL in its first bytes): said in the error, not guessed.
func looksUTF16(b []byte) bool {
	n := min(len(b), 256) &^ 1
	if n < 8 {
		return false
	}
	zeros := 0
	for i := 0; i < n; i += 2 {
		if b[i] == 0 || b[i+1] == 0 {
			zeros++
		}
	}
	return zeros*10 >= (n/2)*9
}
