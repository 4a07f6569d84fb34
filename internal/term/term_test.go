package term

import "testing"

func TestClean(t *testing.T) {
	cases := map[string]string{
		"AKM322":                  "AKM322",
		"Mikrofon Mac — ü":        "Mikrofon Mac — ü",
		"evil\x1b[2J\x1b]0;pwn\a": `evil\x1b[2J\x1b]0;pwn\x07`,
		"c1\u009bcsi":             `c1\u009bcsi`,
		"bad\xffbyte":             `bad\xffbyte`,
		"two\nlines\ttab":         "two\nlines\ttab",
	}
	for in, want := range cases {
		if got := Clean(in); got != want {
			t.Errorf("Clean(%q) = %q, want %q", in, got, want)
		}
	}
}
