package report

import (
	"bytes"
	"context"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"benchtop/internal/measure/results"
	"benchtop/internal/testenv"
	"benchtop/probes/sockets"
)

// realRuns makes two real socket runs (the built-in proxy, small n).
func realRuns(t *testing.T) []*results.Run {
	t.Helper()
	var runs []*results.Run
	for i := 0; i < 2; i++ {
		cfg := sockets.DefaultConfig()
		cfg.Proxy, cfg.Requests, cfg.Warmup = "builtin", 80, 2
		cfg.Archs = []string{"direct-tcp", "proxy-unix"}
		r, err := sockets.Run(context.Background(), cfg)
		if err != nil {
			t.Fatal(err)
		}
		runs = append(runs, r)
	}
	return runs
}

// The report holds the numbers of the runs, escapes their text, and
// references nothing outside itself.
func TestHTMLReport(t *testing.T) {
	runs := realRuns(t)
	runs[1].Groups[1].Name = `<script>alert("x")</script>` // a hostile group name, e.g. from an edited run file
	runs[1].Notes = append(runs[1].Notes, `<img src="http://example.invalid/x.png">`)
	var b bytes.Buffer
	if err := WriteHTML(&b, runs, Options{}); err != nil {
		t.Fatal(err)
	}
	html := b.String()
	if strings.Contains(strings.ToLower(html), "<script") || strings.Contains(html, `<img`) {
		t.Fatal("markup from the run reached the page unescaped")
	}
	for _, re := range []string{`<[^>]*\ssrc=`, `<[^>]*\shref=`, `@import`, `url\(`, `<link`, `<iframe`} {
		if regexp.MustCompile(re).MatchString(html) {
			t.Errorf("the page references something outside itself (%s)", re)
		}
	}
	for _, r := range runs {
		want := []string{r.ID, r.Groups[0].Name, fmt.Sprintf("%.0f", r.Groups[0].Summary.P99US)}
		for _, w := range want {
			if !strings.Contains(html, w) {
				t.Errorf("report lacks %q", w)
			}
		}
	}
	nCharts := len(chartKinds(runs[0]))
	if got := strings.Count(html, "<svg"); got != 2*nCharts { // light and dark
		t.Errorf("%d <svg> elements, want %d", got, 2*nCharts)
	}
	// dark mode shows the dark charts: its rules must come after the
	// default ones they override (same specificity)
	if strings.Index(html, "@media (prefers-color-scheme: dark)") < strings.Index(html, ".chart .dark { display: none; }") {
		t.Error("the dark-mode rules come before the rules they override: charts vanish in dark mode")
	}
	if !strings.Contains(html, "run 2 against the baseline") || !strings.Contains(html, "p99 µs") {
		t.Error("two runs but no comparison")
	}
}

// Opened in a real headless browser (Debian's chromium-headless-shell), with
// every request sent to a proxy that counts them: the page renders, prints,
// and asks the network for nothing.
func TestHTMLReportInABrowser(t *testing.T) {
	browser, err := exec.LookPath("chromium-headless-shell")
	if err != nil {
		browser, err = exec.LookPath("chromium")
	}
	testenv.Need(t, "chromium-headless-shell (Debian package chromium-headless-shell)", err)
	runs := realRuns(t)
	dir := t.TempDir()
	page := filepath.Join(dir, "report.html")
	f, _ := os.Create(page)
	if err := WriteHTML(f, runs, Options{}); err != nil {
		t.Fatal(err)
	}
	f.Close()

	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	var requests atomic.Int64
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			requests.Add(1)
			c.Close()
		}
	}()
	run := func(args ...string) []byte {
		t.Helper()
		ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
		defer cancel()
		base := []string{"--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
			"--disable-component-update", "--user-data-dir=" + filepath.Join(dir, "profile"),
			"--proxy-server=http://" + ln.Addr().String(), "--proxy-bypass-list=<-loopback>"}
		cmd := exec.CommandContext(ctx, browser, append(base, args...)...)
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		out, err := cmd.Output()
		if err != nil {
			t.Fatalf("%s %v: %v\n%s", browser, args, err, stderr.Bytes())
		}
		return out
	}
	dom := string(run("--dump-dom", "file://"+page))
	nCharts := len(chartKinds(runs[0]))
	if got := strings.Count(dom, "<svg"); got != 2*nCharts {
		t.Errorf("the browser's DOM has %d <svg> elements, want %d", got, 2*nCharts)
	}
	for _, w := range []string{runs[0].ID, "run 2 against the baseline", "proxy-unix"} {
		if !strings.Contains(dom, w) {
			t.Errorf("the rendered page lacks %q", w)
		}
	}
	pdf := filepath.Join(dir, "report.pdf")
	run("--no-pdf-header-footer", "--print-to-pdf="+pdf, "file://"+page)
	b, err := os.ReadFile(pdf)
	if err != nil || !bytes.HasPrefix(b, []byte("%PDF-")) || len(b) < 20_000 {
		t.Errorf("printing made no PDF worth the name (%d bytes, %v)", len(b), err)
	}
	if pages := bytes.Count(b, []byte("/Type /Page\n")) + bytes.Count(b, []byte("/Type /Page ")) + bytes.Count(b, []byte("/Type/Page/")); pages == 0 && !bytes.Contains(b, []byte("/Type /Page")) {
		t.Error("the PDF has no page")
	}
	if n := requests.Load(); n != 0 {
		t.Errorf("opening the report made %d network request(s)", n)
	}
}

// --mask takes the hostname, the account ID and the account's names out of
// every part of the report.
func TestMask(t *testing.T) {
	runs := realRuns(t)[:1]
	r := runs[0]
	r.Machine.Hostname = "build-host-7"
	r.Config["table"] = "orders-prod"
	r.Config["function"] = "benchtop-keepalive-x1 (existing)"
	r.Notes = append(r.Notes, "AccessDenied on arn:aws:dynamodb:eu-west-1:123456789012:table/orders-prod from build-host-7 via benchtop-keepalive-x1")
	r.Groups[0].Samples[0].Err = "ResourceNotFoundException: arn:aws:dynamodb:eu-west-1:123456789012:table/orders-prod"
	for _, md := range []bool{false, true} {
		var text string
		if md {
			p := filepath.Join(t.TempDir(), "r.md")
			if _, err := WriteMarkdown(p, runs, Options{Mask: true, Charts: []string{"rps"}}); err != nil {
				t.Fatal(err)
			}
			b, _ := os.ReadFile(p)
			text = string(b)
		} else {
			var b bytes.Buffer
			if err := WriteHTML(&b, runs, Options{Mask: true}); err != nil {
				t.Fatal(err)
			}
			text = b.String()
		}
		for _, secret := range []string{"build-host-7", "orders-prod", "123456789012", "benchtop-keepalive-x1"} {
			if strings.Contains(text, secret) {
				t.Errorf("markdown=%v: %q is still in the masked report", md, secret)
			}
		}
		arn := "arn:aws:dynamodb:eu-west-1:************:table/(masked)"
		if md {
			arn = strings.ReplaceAll(arn, "*", `\*`) // text, not emphasis
		}
		if !strings.Contains(text, arn) {
			t.Errorf("markdown=%v: the masked ARN is not shown as such", md)
		}
	}
	if r.Machine.Hostname != "build-host-7" || r.Config["table"] != "orders-prod" {
		t.Error("masking changed the run itself")
	}
}

// Markdown: the tables, and each chart as an SVG file linked beside it.
func TestMarkdownReport(t *testing.T) {
	runs := realRuns(t)
	p := filepath.Join(t.TempDir(), "bench.md")
	written, err := WriteMarkdown(p, runs, Options{})
	if err != nil {
		t.Fatal(err)
	}
	kinds := chartKinds(runs[0])
	if len(written) != len(kinds)+1 {
		t.Fatalf("wrote %v, want %d charts and the .md", written, len(kinds))
	}
	b, _ := os.ReadFile(p)
	md := string(b)
	for _, k := range kinds {
		svg := "bench-" + k + ".svg"
		if !strings.Contains(md, "]("+svg+")") {
			t.Errorf("%s is not linked", svg)
		}
		if s, err := os.ReadFile(filepath.Join(filepath.Dir(p), svg)); err != nil || !bytes.Contains(s, []byte("<svg")) {
			t.Errorf("%s: %v", svg, err)
		}
	}
	if !strings.Contains(md, "| arch | req/s | ms/req | p50 µs |") || !strings.Contains(md, "\n| direct-tcp | ") || !strings.Contains(md, "|---|---:|") {
		t.Errorf("results table missing or misaligned:\n%s", md)
	}
}
