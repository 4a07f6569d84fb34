package ui

import (
	"errors"
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
	"benchtop/internal/measure/stats"
	"benchtop/probes/keepalive"
)

// keepAliveTab runs the keep-alive probe.
type keepAliveTab struct {
	w               *Window
	panel           *runPanel
	target          *widget.Select
	url             *widget.Entry
	region, profile *widget.Entry
	table           *widget.Entry
	create, cleanup *widget.Check
	modes           *widget.CheckGroup
	n, interval     *widget.Entry
	tcpKA           *widget.Select
	labService      *widget.Entry
	labRTT, labIdle *widget.Entry
	ctl             *runControls
	awsBox, labBox  *fyne.Container
	urlLabel        *widget.Label
}

const (
	targetLab      = "Lab (built in, no account)"
	targetAWS      = "AWS DynamoDB"
	targetEndpoint = "DynamoDB-compatible endpoint"
	targetURL      = "Any HTTPS URL (GET)"
)

func keepAliveColumns() []column {
	ms := func(us float64) string { return strconv.FormatFloat(us/1000, 'f', 3, 64) }
	return []column{
		{"mode", 120, func(g *results.Group) string { return g.Name }},
		{"calls", 55, func(g *results.Group) string { return strconv.FormatInt(g.Summary.Count+g.Summary.Errors, 10) }},
		{"p50 ms", 70, func(g *results.Group) string { return ms(g.Summary.P50US) }},
		{"p90 ms", 70, func(g *results.Group) string { return ms(g.Summary.P90US) }},
		{"p99 ms", 70, func(g *results.Group) string { return ms(g.Summary.P99US) }},
		{"max ms", 70, func(g *results.Group) string { return ms(g.Summary.MaxUS) }},
		{"stdev", 65, func(g *results.Group) string { return ms(g.Summary.StdUS) }},
		{"new conn", 70, func(g *results.Group) string { return strconv.FormatInt(g.Counters["new_connections"], 10) }},
		{"DNS", 45, func(g *results.Group) string { return strconv.FormatInt(g.Counters["dns_lookups"], 10) }},
		{"TLS", 45, func(g *results.Group) string { return strconv.FormatInt(g.Counters["tls_handshakes"], 10) }},
		{"errors", 55, func(g *results.Group) string { return strconv.FormatInt(g.Summary.Errors, 10) }},
	}
}

func buildKeepAliveTab(w *Window) fyne.CanvasObject {
	t := &keepAliveTab{w: w}
	spec := func(title, kind string) chartSpec {
		return chartSpec{title, kind, func(runs []results.Labeled) chart.Chart { return keepalive.Chart(runs, kind) }}
	}
	t.panel = newRunPanel(w, "keepalive", w.opts.Store, keepAliveColumns(), []chartSpec{
		spec("Over time", "timeline"), spec("Percentiles", "percentiles"), spec("Histogram", "histogram"),
		spec("Phases", "phases"), spec("Connections", "connections"), spec("CDF", "cdf"),
	})
	w.panels["keepalive"] = t.panel
	w.tabState["keepalive"] = t

	t.url = widget.NewEntry()
	t.urlLabel = widget.NewLabel("Endpoint")
	t.region = widget.NewEntry()
	t.region.SetPlaceHolder("from profile / AWS_REGION")
	t.profile = widget.NewEntry()
	t.profile.SetPlaceHolder("default / AWS_PROFILE")
	t.table = widget.NewEntry()
	t.table.SetText("benchtop-keepalive")
	t.create = widget.NewCheck("create the table if missing (on-demand)", nil)
	t.cleanup = widget.NewCheck("delete the probe's items afterwards", nil)
	t.cleanup.SetChecked(true)
	t.awsBox = container.NewVBox(
		widget.NewForm(widget.NewFormItem("Region", t.region), widget.NewFormItem("Profile", t.profile), widget.NewFormItem("Table", t.table)),
		t.create, t.cleanup)
	t.labService = widget.NewEntry()
	t.labService.SetText("2ms")
	t.labRTT = widget.NewEntry()
	t.labRTT.SetText("0")
	t.labIdle = widget.NewEntry()
	t.labIdle.SetText("0")
	t.labBox = container.NewVBox(widget.NewForm(
		widget.NewFormItem("Service time", t.labService),
		widget.NewFormItem("Emulated RTT", t.labRTT),
		widget.NewFormItem("Server idle close", t.labIdle)))

	t.target = widget.NewSelect([]string{targetLab, targetAWS, targetEndpoint, targetURL}, func(string) { t.showTargetFields() })
	var names []string
	var explain strings.Builder
	explain.WriteString("**HTTP keep-alive is not TCP keepalive.** Reusing a pooled connection skips DNS, connect and TLS; SO_KEEPALIVE only sends probes on an idle socket.\n\n")
	for _, m := range keepalive.AllModes {
		names = append(names, m.Name)
		explain.WriteString("- **" + m.Name + "**: " + m.Explain + "\n")
	}
	t.modes = widget.NewCheckGroup(names, nil)
	t.modes.SetSelected([]string{keepalive.ModeReuse, keepalive.ModeNoReuse})
	t.n = numEntry("30")
	t.interval = widget.NewEntry()
	t.interval.SetText("1s")
	t.tcpKA = widget.NewSelect([]string{"SDK default (30s)", "off", "15s"}, nil)
	t.tcpKA.SetSelected("SDK default (30s)")
	t.ctl = newRunControls(w, t.run)
	t.target.SetSelected(targetLab)

	help := widget.NewRichTextFromMarkdown(explain.String())
	help.Wrapping = fyne.TextWrapWord
	form := widget.NewForm(
		widget.NewFormItem("Target", t.target),
		widget.NewFormItem("Calls per mode", t.n),
		widget.NewFormItem("Interval", t.interval),
		widget.NewFormItem("TCP keepalive", t.tcpKA),
	)
	left := container.NewVBox(form, container.NewBorder(nil, nil, t.urlLabel, nil, t.url), t.awsBox, t.labBox,
		widget.NewLabelWithStyle("Modes", fyne.TextAlignLeading, fyne.TextStyle{Bold: true}), t.modes,
		t.ctl.box(), help)
	split := container.NewHSplit(container.NewVScroll(left), t.panel.root)
	split.Offset = 0.32
	return split
}

func (t *keepAliveTab) showTargetFields() {
	sel := t.target.Selected
	show := func(o fyne.CanvasObject, on bool) {
		if on {
			o.Show()
		} else {
			o.Hide()
		}
	}
	show(t.url, sel == targetEndpoint || sel == targetURL)
	show(t.urlLabel, sel == targetEndpoint || sel == targetURL)
	show(t.awsBox, sel == targetAWS || sel == targetEndpoint)
	show(t.labBox, sel == targetLab)
	switch sel {
	case targetEndpoint:
		t.urlLabel.SetText("Endpoint")
		t.url.SetPlaceHolder("http://127.0.0.1:8000 (DynamoDB Local, LocalStack, dynalite)")
	case targetURL:
		t.urlLabel.SetText("URL")
		t.url.SetPlaceHolder("https://example.com/health")
	}
}

// config reads the form; errors name the field.
func (t *keepAliveTab) config() (keepalive.Config, error) {
	var cfg keepalive.Config
	n, err := strconv.Atoi(strings.TrimSpace(t.n.Text))
	if err != nil || n < 1 {
		return cfg, fmt.Errorf("calls per mode: %q is not a whole number ≥ 1", t.n.Text)
	}
	cfg.Calls = n
	dur := func(name string, e *widget.Entry) (time.Duration, error) {
		s := strings.TrimSpace(e.Text)
		if s == "0" || s == "" {
			return 0, nil
		}
		d, err := time.ParseDuration(s)
		if err != nil || d < 0 {
			return 0, fmt.Errorf("%s: %q is not a duration like 1s or 250ms", name, e.Text)
		}
		return d, nil
	}
	if cfg.Interval, err = dur("Interval", t.interval); err != nil {
		return cfg, err
	}
	cfg.Modes = t.modes.Selected
	if len(cfg.Modes) == 0 {
		return cfg, errors.New("modes: pick at least one")
	}
	switch t.tcpKA.Selected {
	case "off":
		cfg.TCPKeepAlive = -1
	case "15s":
		cfg.TCPKeepAlive = 15 * time.Second
	}
	switch t.target.Selected {
	case targetLab:
		cfg.Target = keepalive.TargetLab
		if cfg.Lab.ServiceTime, err = dur("Service time", t.labService); err != nil {
			return cfg, err
		}
		if cfg.Lab.EmulatedRTT, err = dur("Emulated RTT", t.labRTT); err != nil {
			return cfg, err
		}
		if cfg.Lab.IdleClose, err = dur("Server idle close", t.labIdle); err != nil {
			return cfg, err
		}
	case targetAWS, targetEndpoint:
		cfg.Target = keepalive.TargetAWS
		cfg.Region, cfg.Profile, cfg.Table = strings.TrimSpace(t.region.Text), strings.TrimSpace(t.profile.Text), strings.TrimSpace(t.table.Text)
		cfg.CreateTable, cfg.Cleanup = t.create.Checked, t.cleanup.Checked
		if t.target.Selected == targetEndpoint {
			cfg.Endpoint = strings.TrimSpace(t.url.Text)
			if cfg.Endpoint == "" {
				return cfg, fmt.Errorf("endpoint: name the DynamoDB-compatible endpoint, e.g. http://127.0.0.1:8000")
			}
		}
	case targetURL:
		cfg.Target = strings.TrimSpace(t.url.Text)
		if !strings.HasPrefix(cfg.Target, "http://") && !strings.HasPrefix(cfg.Target, "https://") {
			return cfg, fmt.Errorf("URL: %q is not an http(s):// URL", cfg.Target)
		}
	}
	return cfg, nil
}

func (t *keepAliveTab) run() {
	cfg, err := t.config()
	if err != nil {
		dialog.ShowError(err, t.w.Win)
		return
	}
	ctx := t.ctl.begin()
	// Live view: samples collect here; a 5 Hz ticker publishes snapshots.
	live := newLiveRun("keepalive", cfg.Modes)
	cfg.OnSample = live.add
	cfg.Progress = func(done, total int) { live.setProgress(float64(done) / float64(total)) }
	stopLive := make(chan struct{})
	go func() {
		tk := time.NewTicker(200 * time.Millisecond)
		defer tk.Stop()
		for {
			select {
			case <-stopLive:
				return
			case <-tk.C:
				if snap, p, changed := live.snapshot(); changed {
					t.panel.show(snap, fmt.Sprintf("Running… %.0f%%", p*100))
					doUI(func() { t.ctl.progress.SetValue(p) })
				}
			}
		}
	}()
	t.w.goRun(func() {
		run, err := keepalive.Run(ctx, cfg)
		close(stopLive)
		t.ctl.finish(t.panel, run, err, func(run *results.Run) string {
			return fmt.Sprintf("Finished %s: target %s, %s calls per mode every %s, TCP keepalive %s. %s", run.Finished.Format("15:04:05"),
				run.Config["target"], run.Config["calls"], run.Config["interval"], run.Config["tcp_keepalive"], strings.Join(run.Notes, "; "))
		})
	})
}

// liveRun gathers samples from the probe's goroutine for the live view.
type liveRun struct {
	mu       sync.Mutex
	run      *results.Run
	recs     map[string]*stats.Recorder
	progress float64
	changed  bool
}

func newLiveRun(kind string, groups []string) *liveRun {
	l := &liveRun{run: results.New(kind, "live"), recs: map[string]*stats.Recorder{}}
	for _, g := range groups {
		l.run.Groups = append(l.run.Groups, results.Group{Name: g})
		l.recs[g] = stats.NewRecorder()
	}
	return l
}

func (l *liveRun) add(group string, s results.Sample) {
	l.mu.Lock()
	defer l.mu.Unlock()
	g := l.run.Group(group)
	if g == nil {
		return
	}
	g.Samples = append(g.Samples, s)
	if s.Err != "" {
		l.recs[group].RecordError()
	} else {
		l.recs[group].Record(time.Duration(s.LatencyUS * 1e3))
	}
	l.changed = true
}

func (l *liveRun) setProgress(p float64) {
	l.mu.Lock()
	l.progress = p
	l.mu.Unlock()
}

// snapshot copies the live run for the UI (the probe keeps appending).
func (l *liveRun) snapshot() (*results.Run, float64, bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if !l.changed {
		return nil, l.progress, false
	}
	l.changed = false
	snap := *l.run
	snap.Groups = make([]results.Group, len(l.run.Groups))
	for i, g := range l.run.Groups {
		c := g
		c.Samples = append([]results.Sample(nil), g.Samples...)
		c.Counters = keepalive.Counters(c.Samples)
		c.Summary = l.recs[g.Name].Summary()
		snap.Groups[i] = c
	}
	return &snap, l.progress, true
}
