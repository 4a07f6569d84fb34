package report

import (
	"bytes"
	"fmt"
	"html/template"
	"io"
	"regexp"
	"strings"

	"benchtop/internal/measure/chart"
	"benchtop/internal/measure/results"
)

// WriteHTML writes the report of runs as one self-contained HTML page.
func WriteHTML(w io.Writer, runs []*results.Run, opt Options) error {
	d, err := build(runs, opt)
	if err != nil {
		return err
	}
	type svgPair struct {
		Kind        string
		Light, Dark template.HTML
	}
	var charts []svgPair
	for _, c := range d.Charts {
		light, err := inlineSVG(c.Chart, chart.Light, opt)
		if err != nil {
			return fmt.Errorf("%s chart: %w", c.Kind, err)
		}
		dark, err := inlineSVG(c.Chart, chart.Dark, opt)
		if err != nil {
			return fmt.Errorf("%s chart: %w", c.Kind, err)
		}
		charts = append(charts, svgPair{c.Kind, light, dark})
	}
	return page.Execute(w, struct {
		*doc
		SVGs []svgPair
	}{d, charts})
}

var reSVGSize = regexp.MustCompile(`^<svg width="[^"]*" height="[^"]*"`)

// inlineSVG renders a chart as an <svg> element that scales to the page.
// The SVG comes from our own renderer, which escapes its text (a test
// feeds it markup in group names).
func inlineSVG(c chart.Chart, th chart.Theme, opt Options) (template.HTML, error) {
	w, h := opt.Width, opt.Height
	if w <= 0 || h <= 0 {
		w, h = 1000, 480
	}
	var b bytes.Buffer
	if err := chart.Write(&b, "svg", c, chart.Options{Width: w, Height: h, Theme: th}); err != nil {
		return "", err
	}
	s := b.String()
	i := strings.Index(s, "<svg")
	if i < 0 {
		return "", fmt.Errorf("the renderer wrote no <svg> element")
	}
	s = reSVGSize.ReplaceAllString(s[i:], `<svg role="img" width="100%"`)
	return template.HTML(s), nil
}

var page = template.Must(template.New("report").Parse(`<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<meta name="generator" content="Benchtop {{.Version}}">
<title>{{.Title}} · Benchtop report</title>
<style>
:root { --fg: #1f2328; --bg: #ffffff; --muted: #59636e; --rule: #d1d9e0; --head: #f6f8fa; --better: #1a7f37; --worse: #cf222e; }
body { font: 15px/1.5 system-ui, -apple-system, "Segoe UI", sans-serif; color: var(--fg); background: var(--bg); margin: 2rem auto; max-width: 1100px; padding: 0 1rem; }
h1 { font-size: 1.6rem; margin-bottom: .2rem; }
h2 { font-size: 1.2rem; margin-top: 2rem; border-bottom: 1px solid var(--rule); padding-bottom: .2rem; }
.sub { color: var(--muted); margin-top: 0; }
table { border-collapse: collapse; margin: .5rem 0 1rem; font-variant-numeric: tabular-nums; }
th, td { border: 1px solid var(--rule); padding: .2rem .6rem; text-align: right; white-space: nowrap; }
th { background: var(--head); white-space: normal; vertical-align: bottom; }
td:first-child, th:first-child { text-align: left; }
caption { text-align: left; font-weight: 600; padding-bottom: .2rem; }
.kv td, .kv th { text-align: left; white-space: normal; }
.better { color: var(--better); }
.worse { color: var(--worse); }
.wide { overflow-x: auto; }
.chart { margin: 1rem 0 2rem; break-inside: avoid; }
.chart .dark { display: none; }
.chart svg { height: auto; max-width: 100%; }
ul.notes li { margin: .2rem 0; }
footer { color: var(--muted); margin-top: 3rem; font-size: .85rem; }
/* after the rules it overrides: same specificity, so order decides */
@media (prefers-color-scheme: dark) {
  :root { --fg: #e6edf3; --bg: #0d1117; --muted: #9198a1; --rule: #3d444d; --head: #151b23; --better: #3fb950; --worse: #f85149; }
  .chart .light { display: none; }
  .chart .dark { display: block; }
}
@media print {
  :root { --fg: #000; --bg: #fff; --muted: #444; --rule: #999; --head: #eee; }
  body { margin: 0; max-width: none; }
  .chart .light { display: block !important; }
  .chart .dark { display: none !important; }
  h2 { break-after: avoid; }
  table { break-inside: avoid; }
  .wide { overflow: visible; }
  th, td { font-size: 9pt; padding: .1rem .3rem; }
}
</style>
</head>
<body>
<h1>{{.Title}}</h1>
<p class="sub">{{range $i, $r := .Runs}}{{if $i}} · {{end}}{{with index $.Labels $i}}{{.}}: {{end}}run {{$r.ID}}, {{$r.Started.Format "2006-01-02 15:04:05 MST"}}{{if $r.Stopped}} (stopped early: partial){{end}}{{end}}</p>

<h2>Results</h2>
{{range .Results}}<div class="wide"><table>
{{with .Caption}}<caption>{{.}}</caption>{{end}}
{{range $i, $row := .Rows}}<tr>{{range $row}}{{if eq $i 0}}<th>{{.}}</th>{{else}}<td>{{.}}</td>{{end}}{{end}}</tr>
{{end}}</table></div>
{{end}}
{{if .Compare}}<h2>Comparison</h2>
{{range .Compare}}<div class="wide"><table>
<caption>{{.Caption}}</caption>
{{range $i, $row := .Rows}}<tr>{{range $j, $c := $row}}{{if eq $i 0}}<th>{{$c}}</th>{{else if eq $j 5}}<td class="{{$c}}">{{$c}}</td>{{else}}<td>{{$c}}</td>{{end}}{{end}}</tr>
{{end}}</table>{{range .Notes}}<p>{{.}}</p>{{end}}</div>
{{end}}{{end}}
{{if .SVGs}}<h2>Charts</h2>
{{range .SVGs}}<figure class="chart" id="chart-{{.Kind}}">
<div class="light">{{.Light}}</div>
<div class="dark">{{.Dark}}</div>
</figure>
{{end}}{{end}}
{{if .Notes}}<h2>Notes</h2>
<ul class="notes">{{range .Notes}}<li>{{.}}</li>{{end}}</ul>
{{end}}
<h2>Settings</h2>
<table class="kv">
{{range $i, $row := .Settings}}<tr>{{range $row}}{{if eq $i 0}}<th>{{.}}</th>{{else}}<td>{{.}}</td>{{end}}{{end}}</tr>
{{end}}</table>

<h2>Where and when</h2>
<table class="kv">
{{range $i, $row := .Machine}}<tr>{{range $row}}{{if eq $i 0}}<th>{{.}}</th>{{else}}<td>{{.}}</td>{{end}}{{end}}</tr>
{{end}}</table>

<footer>Made by Benchtop{{with .Version}} {{.}}{{end}}. Latencies in µs unless marked; percentiles from HDR histograms (3 significant digits). This file loads nothing from the network.</footer>
</body>
</html>
`))
