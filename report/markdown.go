package report

import (
	"bufio"
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"strings"

	"benchtop/internal/files"
	"benchtop/internal/measure/chart"
	"benchtop/internal/measure/results"
	"benchtop/internal/term"
)

// WriteFile writes the report to path as format "html" or "md"; "" picks
// it from the file's extension (.html/.htm, .md/.markdown). It returns the
// files written (Markdown writes its charts beside the .md).
func WriteFile(path, format string, runs []*results.Run, opt Options) ([]string, error) {
	if format == "" {
		var err error
		if format, err = FormatOf(path); err != nil {
			return nil, err
		}
	}
	switch format {
	case "html":
		if err := files.WriteAtomic(path, func(w io.Writer) error { return WriteHTML(w, runs, opt) }); err != nil {
			return nil, err
		}
		return []string{path}, nil
	case "md":
		return WriteMarkdown(path, runs, opt)
	}
	return nil, fmt.Errorf("unknown report format %q (want html or md)", format)
}

// FormatOf tells a report's format by its file's extension: "html"
// (.html, .htm) or "md" (.md, .markdown).
func FormatOf(path string) (string, error) {
	switch strings.ToLower(filepath.Ext(path)) {
	case ".html", ".htm":
		return "html", nil
	case ".md", ".markdown":
		return "md", nil
	}
	return "", fmt.Errorf("cannot tell the report format of %q: name the file .html or .md", path)
}

// WriteMarkdown writes the report as Markdown to path (FILE.md), with each
// chart as an SVG file beside it (FILE-<kind>.svg), linked relatively: a
// folder to paste into an issue, a pull request or a post. It returns the
// files written. A report that fails leaves none of its files: the charts
// written before the error are removed.
func WriteMarkdown(path string, runs []*results.Run, opt Options) (written []string, err error) {
	d, err := build(runs, opt)
	if err != nil {
		return nil, err
	}
	if files.InPlace(path) {
		// its charts go beside it: /dev/stdout-rps.svg would be made in /dev
		return nil, fmt.Errorf("%s: a Markdown report writes its charts as files beside it: name a file (or write HTML, which holds its charts)", path)
	}
	defer func() {
		if err != nil {
			for _, p := range written {
				os.Remove(p)
			}
			written = nil
		}
	}()
	base := strings.TrimSuffix(path, filepath.Ext(path))
	var images []string
	for _, c := range d.Charts {
		svg := base + "-" + c.Kind + ".svg"
		w, h := opt.Width, opt.Height
		if w <= 0 || h <= 0 {
			w, h = 1000, 480
		}
		if err := chart.Save(svg, c.Chart, chart.Options{Width: w, Height: h, Theme: chart.Light}); err != nil {
			return written, err
		}
		written = append(written, svg)
		images = append(images, filepath.Base(svg))
	}
	err = files.WriteAtomic(path, func(w io.Writer) error {
		bw := bufio.NewWriter(w)
		writeMarkdown(bw, d, images)
		return bw.Flush()
	})
	if err != nil {
		return written, err
	}
	return append(written, path), nil
}

func writeMarkdown(w io.Writer, d *doc, images []string) {
	fmt.Fprintf(w, "# %s\n\n", mdText(d.Title))
	for i, r := range d.Runs {
		label := ""
		if d.Labels[i] != "" {
			label = d.Labels[i] + ": "
		}
		stopped := ""
		if r.Stopped {
			stopped = " (stopped early: partial)"
		}
		fmt.Fprintf(w, "%srun %s, %s%s  \n", label, term.MarkdownCode(r.ID), r.Started.Format("2006-01-02 15:04:05 MST"), stopped)
	}
	fmt.Fprintln(w, "\n## Results")
	for _, t := range d.Results {
		if t.Caption != "" {
			fmt.Fprintf(w, "\n**%s**\n", mdText(t.Caption))
		}
		fmt.Fprintln(w)
		mdTable(w, t.Rows, true)
	}
	if len(d.Compare) > 0 {
		fmt.Fprintln(w, "\n## Comparison")
		for _, t := range d.Compare {
			fmt.Fprintf(w, "\n**%s**\n\n", mdText(t.Caption))
			mdTable(w, t.Rows, true)
			for _, n := range t.Notes {
				fmt.Fprintf(w, "\n%s\n", mdText(n))
			}
		}
	}
	if len(images) > 0 {
		fmt.Fprintln(w, "\n## Charts")
		for i, img := range images {
			// a relative link, percent-encoded: a report named "my run.md"
			// links my%20run-rps.svg, which every renderer follows (and a
			// colon, %3A, cannot make the name read as a URL's scheme)
			fmt.Fprintf(w, "\n![%s chart](%s)\n", mdText(d.Charts[i].Kind), strings.ReplaceAll(url.PathEscape(img), ":", "%3A"))
		}
	}
	if len(d.Notes) > 0 {
		fmt.Fprintln(w, "\n## Notes")
		fmt.Fprintln(w)
		for _, n := range d.Notes {
			fmt.Fprintf(w, "- %s\n", mdText(n))
		}
	}
	fmt.Fprintln(w, "\n## Settings")
	fmt.Fprintln(w)
	mdTable(w, d.Settings, false)
	fmt.Fprintln(w, "\n## Where and when")
	fmt.Fprintln(w)
	mdTable(w, d.Machine, false)
	v := ""
	if d.Version != "" {
		v = " " + mdText(d.Version)
	}
	fmt.Fprintf(w, "\n<sub>Made by Benchtop%s. Latencies in µs unless marked; percentiles from HDR histograms (3 significant digits).</sub>\n", v)
}

// MarkdownTable writes rows (the header first) as a GitHub-flavoured
// table; numeric tables align every column but the first right. Cells are
// escaped: a run's text stays text.
func MarkdownTable(w io.Writer, rows [][]string, numeric bool) { mdTable(w, rows, numeric) }

func mdTable(w io.Writer, rows [][]string, numeric bool) {
	if len(rows) == 0 {
		return
	}
	for i, row := range rows {
		cells := make([]string, len(row))
		for j, c := range row {
			cells[j] = mdCell(c)
		}
		fmt.Fprintf(w, "| %s |\n", strings.Join(cells, " | "))
		if i == 0 {
			seps := make([]string, len(row))
			for j := range seps {
				seps[j] = "---"
				if numeric && j > 0 {
					seps[j] = "---:"
				}
			}
			fmt.Fprintf(w, "|%s|\n", strings.Join(seps, "|"))
		}
	}
}

// mdCell keeps a cell on its line and its pipes literal (term.Markdown
// does both).
func mdCell(s string) string { return mdText(s) }

// mdText neutralises the markup a run's text could carry (HTML tags,
// images, links, code spans, emphasis, control characters) so the report
// shows it as text: term.Markdown, the one sanitiser.
func mdText(s string) string { return term.Markdown(s) }
