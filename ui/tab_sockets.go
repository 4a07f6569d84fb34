package ui

import (
	"fmt"
	"strconv"
	"strings"
	"sync"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"benchtop/internal/measure/chart"
	"benchtop/internal/measure/results"
	"benchtop/probes/sockets"
)

// socketsTab runs the TCP vs Unix socket bench.
type socketsTab struct {
	w         *Window
	panel     *runPanel
	archs     *widget.CheckGroup
	proxy     *widget.RadioGroup
	target    *widget.Entry
	n, c      *widget.Entry
	warmup    *widget.Entry
	sweep     *widget.Entry
	keepAlive *widget.Check
	upKA      *widget.Check
	published *widget.Check
	ctl       *runControls
}

func socketColumns() []column {
	us := func(v float64) string { return strconv.FormatFloat(v, 'f', 0, 64) }
	return []column{
		{"arch", 130, func(g *results.Group) string { return g.Name }},
		{"req/s", 80, func(g *results.Group) string { return strconv.FormatFloat(g.ReqPerSec, 'f', 1, 64) }},
		{"ms/req", 70, func(g *results.Group) string { return strconv.FormatFloat(g.Summary.MeanUS/1000, 'f', 3, 64) }},
		{"p50 µs", 70, func(g *results.Group) string { return us(g.Summary.P50US) }},
		{"p90 µs", 70, func(g *results.Group) string { return us(g.Summary.P90US) }},
		{"p99 µs", 70, func(g *results.Group) string { return us(g.Summary.P99US) }},
		{"p99.9 µs", 80, func(g *results.Group) string { return us(g.Summary.P999US) }},
		{"max µs", 80, func(g *results.Group) string { return us(g.Summary.MaxUS) }},
		{"errors", 60, func(g *results.Group) string { return strconv.FormatInt(g.Summary.Errors, 10) }},
	}
}

func buildSocketsTab(w *Window) fyne.CanvasObject {
	t := &socketsTab{w: w}
	withPub := func() bool { return t.published == nil || t.published.Checked }
	spec := func(title, file, kind string) chartSpec {
		return chartSpec{title, file, func(runs []results.Labeled) chart.Chart { return sockets.CompareChart(runs, kind, withPub()) }}
	}
	t.panel = newRunPanel(w, "sockets", w.opts.Store, socketColumns(), []chartSpec{
		spec("req/s", "rps", "rps"),
		spec("p99", "p99", "p99"),
		spec("Percentiles", "percentiles", "percentiles"),
		spec("Sweep", "sweep", "sweep"),
		spec("Sweep p99", "sweep-p99", "sweep-p99"),
		spec("Timeline", "timeline", "timeline"),
		spec("Histogram", "histogram", "histogram"),
	})
	w.panels["sockets"] = t.panel
	w.tabState["sockets"] = t

	t.archs = widget.NewCheckGroup(sockets.AllArchs, nil)
	t.archs.SetSelected(sockets.AllArchs)
	t.proxy = widget.NewRadioGroup([]string{"builtin", "nginx"}, nil)
	t.proxy.Horizontal = true
	nginxNote := widget.NewLabel("")
	nginxNote.Wrapping = fyne.TextWrapWord
	if bin, err := sockets.FindNginx(); err != nil {
		t.proxy.SetSelected("builtin")
		nginxNote.SetText("nginx not found: install it (apt-get install nginx-light) to use the real proxy.")
	} else if v, err := sockets.NginxVersion(bin); err == nil {
		t.proxy.SetSelected("nginx")
		nginxNote.SetText(v + " at " + bin)
	}
	t.target = widget.NewEntry()
	t.target.SetPlaceHolder("optional: http://127.0.0.1:8000/ or unix:/run/app.sock")
	t.n = numEntry("1000")
	t.c = numEntry("1")
	t.warmup = numEntry("100")
	t.sweep = widget.NewEntry()
	t.sweep.SetPlaceHolder("e.g. 1,2,4,8,16,32,64")
	t.keepAlive = widget.NewCheck("client keep-alive (ab -k)", nil)
	t.upKA = widget.NewCheck("upstream keep-alive (proxy → app)", nil)
	t.published = widget.NewCheck("show published results beside mine", func(bool) { t.panel.redraw() })
	t.published.SetChecked(true)
	t.ctl = newRunControls(w, t.run)

	form := widget.NewForm(
		widget.NewFormItem("Architectures", t.archs),
		widget.NewFormItem("Proxy", container.NewVBox(t.proxy, nginxNote)),
		widget.NewFormItem("External target", t.target),
		widget.NewFormItem("Requests (-n)", t.n),
		widget.NewFormItem("Concurrency (-c)", t.c),
		widget.NewFormItem("Warm-up", t.warmup),
		widget.NewFormItem("Sweep", t.sweep),
	)
	explain := widget.NewLabel("Like ab -n 1000 -c 1: each request waits for the last. A Unix socket skips the TCP/IP stack between proxy and app; the table shows by how much, in µs.")
	explain.Wrapping = fyne.TextWrapWord
	left := container.NewVBox(form, t.keepAlive, t.upKA, t.published, t.ctl.box(), explain)
	split := container.NewHSplit(container.NewVScroll(left), t.panel.root)
	split.Offset = 0.3
	return split
}

func numEntry(v string) *widget.Entry {
	e := widget.NewEntry()
	e.SetText(v)
	return e
}

// config reads the form; errors name the field.
func (t *socketsTab) config() (sockets.Config, error) {
	atoi := func(name string, e *widget.Entry, min int) (int, error) {
		v, err := strconv.Atoi(strings.TrimSpace(e.Text))
		if err != nil || v < min {
			return 0, fmt.Errorf("%s: %q is not a whole number ≥ %d", name, e.Text, min)
		}
		return v, nil
	}
	var cfg sockets.Config
	var err error
	if cfg.Requests, err = atoi("Requests", t.n, 1); err != nil {
		return cfg, err
	}
	if cfg.Concurrency, err = atoi("Concurrency", t.c, 1); err != nil {
		return cfg, err
	}
	if cfg.Warmup, err = atoi("Warm-up", t.warmup, 0); err != nil {
		return cfg, err
	}
	for _, s := range strings.Split(t.sweep.Text, ",") {
		if s = strings.TrimSpace(s); s == "" {
			continue
		}
		v, err := strconv.Atoi(s)
		if err != nil || v < 1 {
			return cfg, fmt.Errorf("sweep: %q is not a concurrency (want e.g. 1,2,4,8)", s)
		}
		cfg.Sweep = append(cfg.Sweep, v)
	}
	cfg.Target = strings.TrimSpace(t.target.Text)
	if cfg.Target != "" {
		if _, err := sockets.ParseTarget(cfg.Target); err != nil {
			return cfg, err
		}
	}
	cfg.Archs = t.archs.Selected
	if len(cfg.Archs) == 0 && cfg.Target == "" {
		return cfg, fmt.Errorf("pick at least one architecture")
	}
	cfg.Proxy = t.proxy.Selected
	cfg.KeepAlive = t.keepAlive.Checked
	cfg.UpstreamKeepAlive = t.upKA.Checked
	return cfg, nil
}

func (t *socketsTab) run() {
	cfg, err := t.config()
	if err != nil {
		dialog.ShowError(err, t.w.Win)
		return
	}
	ctx := t.ctl.begin()
	levels := max(len(cfg.Sweep), 1)
	groups := levels * max(len(cfg.Archs), 1)
	if cfg.Target != "" {
		groups = levels
	}
	var doneGroups int
	var mu sync.Mutex
	var last time.Time
	cfg.Progress = func(group string, done, total int) {
		mu.Lock()
		defer mu.Unlock()
		if time.Since(last) < 100*time.Millisecond && done != total { // throttled to 10 Hz
			return
		}
		last = time.Now()
		v := (float64(doneGroups) + float64(done)/float64(total)) / float64(groups)
		doUI(func() { t.ctl.progress.SetValue(v) })
	}
	cfg.OnGroup = func(snap *results.Run) {
		mu.Lock()
		doneGroups++
		mu.Unlock()
		t.panel.show(snap, fmt.Sprintf("Running… %d of %d done", len(snap.Groups), groups))
	}
	t.w.goRun(func() {
		run, err := sockets.Run(ctx, cfg)
		t.ctl.finish(t.panel, run, err, func(run *results.Run) string {
			return fmt.Sprintf("Finished %s: proxy %s, n=%d, c=%d, client keep-alive %s, upstream keep-alive %s", run.Finished.Format("15:04:05"),
				orDefault(run.Config["proxy_version"], run.Config["proxy"]), cfg.Requests, cfg.Concurrency, onOff(cfg.KeepAlive), onOff(cfg.UpstreamKeepAlive))
		})
	})
}

func onOff(b bool) string {
	if b {
		return "on"
	}
	return "off"
}

func orDefault(s, d string) string {
	if s == "" {
		return d
	}
	return s
}
