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

func TestLine(t *testing.T) {
	if got := Line("a\tb\nc\x1b[2J"); got != `a\tb\nc\x1b[2J` {
		t.Fatalf("Line: %q", got)
	}
}

// Text from a run cannot become markup: what a renderer shows is the text.
func TestMarkdown(t *testing.T) {
	cases := map[string]string{
		"direct-tcp":                      "direct-tcp",
		"proxy-unix c=8":                  "proxy-unix c=8",
		"<script>alert(1)</script>":       `\<script\>alert(1)\</script\>`,
		"![x](http://evil/x.png)":         `!\[x\](http://evil/x.png)`,
		"a | b":                           `a \| b`,
		"`code` *em* _em_ ~~s~~ $x$ &lt;": "\\`code\\` \\*em\\* \\_em\\_ \\~\\~s\\~\\~ \\$x\\$ \\&lt;",
		"# heading":                       `\# heading`,
		"    > quote":                     `\> quote`,
		"- item":                          `\- item`,
		"12. item":                        `12\. item`,
		"v1.2 ok":                         "v1.2 ok",
		"0.1.0-dev":                       "0.1.0-dev",
		"-c8 --- x":                       "-c8 --- x",
		"---":                             `\---`,
		"==":                              `\==`,
		"## h":                            `\## h`,
		"two\nlines\r\nthree":             "two lines three",
		"esc\x1b[31m":                     `esc\\x1b\[31m`,
		`back\slash`:                      `back\\slash`,
	}
	for in, want := range cases {
		if got := Markdown(in); got != want {
			t.Errorf("Markdown(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestMarkdownCode(t *testing.T) {
	cases := map[string]string{
		"20260101T000000-abcd": "`20260101T000000-abcd`",
		"x`</code><img src=x>": "``x`</code><img src=x>``",
		"``a":                  "``` ``a ```",
		"a\nb":                 "`a b`",
		"":                     "`  `",
	}
	for in, want := range cases {
		if got := MarkdownCode(in); got != want {
			t.Errorf("MarkdownCode(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestCSVCell(t *testing.T) {
	cases := map[string]string{
		"=HYPERLINK(\"http://evil\")": "'=HYPERLINK(\"http://evil\")",
		"+1+1":                        "'+1+1",
		"-2+3":                        "'-2+3",
		"@SUM(A1)":                    "'@SUM(A1)",
		"\t=1":                        "'\t=1",
		"\r=1":                        `\x0d=1`,
		"direct-tcp":                  "direct-tcp",
		"":                            "",
		"a\x1b[2J":                    `a\x1b[2J`,
	}
	for in, want := range cases {
		if got := CSVCell(in); got != want {
			t.Errorf("CSVCell(%q) = %q, want %q", in, got, want)
		}
	}
}
