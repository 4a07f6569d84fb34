package report

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// Issue 22: a shared run's text stays text in the Markdown report — an
// ID cannot leave its code span, a name or a note cannot become HTML, a
// link, an image or a heading — and the charts of a report whose name has
// a space are linked so that renderers find them.
func TestMarkdownReportKeepsHostileTextAsText(t *testing.T) {
	runs := realRuns(t)
	r := runs[1]
	r.ID = "x`</code><img src=x onerror=alert(1)>`"
	r.Title = "![pwn](http://example.invalid/x.png)\n# fake heading"
	r.Groups[1].Name = "<script>alert(1)</script> | extra | cell"
	r.Notes = append(r.Notes, "# not a heading", "<!-- hidden -->", "\x1b]0;title\x07 escape")
	r.Config["note"] = "[link](javascript:alert(1))"
	p := filepath.Join(t.TempDir(), "my report.md")
	written, err := WriteMarkdown(p, runs, Options{Charts: []string{"rps"}})
	if err != nil {
		t.Fatal(err)
	}
	b, _ := os.ReadFile(p)
	md := string(b)
	// the ID sits in a code span whose fence is longer than its backticks
	// (nothing inside a code span is markup)
	span := "run `` x`</code><img src=x onerror=alert(1)>` ``"
	if !strings.Contains(md, span) {
		t.Errorf("the ID's code span:\n%s", md)
	}
	// elsewhere no raw tag, link, image or control character from the runs
	rest := strings.Replace(md, span, "", 1)
	for _, re := range []string{`(?m)[^\\]<(script|img|!--)`, `[^\\]\]\((http|javascript)`, `(?m)^# fake`, `(?m)^# not`, "\x1b", "\a"} {
		if regexp.MustCompile(re).MatchString(rest) {
			t.Errorf("markup from a run reached the report (%q):\n%s", re, md)
		}
	}
	// a table row keeps its columns: the group's pipes are escaped
	if !strings.Contains(md, `\<script\>alert(1)\</script\> \| extra \| cell`) {
		t.Errorf("the hostile group name is not escaped as expected:\n%s", md)
	}
	// the chart, named after a file with a space, is linked percent-encoded
	if !strings.Contains(md, "](my%20report-rps.svg)") || len(written) != 2 {
		t.Errorf("chart link or files (%v):\n%s", written, md)
	}
	if _, err := os.Stat(filepath.Join(filepath.Dir(p), "my report-rps.svg")); err != nil {
		t.Error(err)
	}
}

// A Markdown report that fails leaves none of its files behind: the
// charts written before the .md failed are removed.
func TestFailedMarkdownReportLeavesNoCharts(t *testing.T) {
	runs := realRuns(t)[:1]
	dir := t.TempDir()
	p := filepath.Join(dir, "report.md")
	os.Mkdir(p, 0o700) // the .md cannot be written: a directory has its name
	written, err := WriteMarkdown(p, runs, Options{})
	if err == nil {
		t.Fatal("writing over a directory succeeded")
	}
	if len(written) != 0 {
		t.Errorf("reported as written: %v", written)
	}
	left, _ := filepath.Glob(filepath.Join(dir, "*.svg"))
	if len(left) != 0 {
		t.Errorf("charts left behind: %v", left)
	}
}

// A Markdown report onto a device or a descriptor (-o /dev/stdout) is
// refused before anything is written: its charts would be made beside
// it (/dev/stdout-rps.svg, in /dev).
func TestMarkdownReportOntoADeviceIsRefused(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "out.md")
	os.Symlink("/dev/null", p)
	if _, err := WriteMarkdown(p, realRuns(t)[:1], Options{}); err == nil || !strings.Contains(err.Error(), "name a file") {
		t.Fatalf("got %v", err)
	}
	if left, _ := filepath.Glob(filepath.Join(dir, "*.svg")); len(left) != 0 {
		t.Fatalf("charts written: %v", left)
	}
}
