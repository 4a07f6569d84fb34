package ui

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"benchtop/internal/measure/chart"
	"benchtop/internal/measure/results"
	"benchtop/probes/sockets"
	"benchtop/probes/sockets/stack"
)

// socketsTab runs the TCP vs Unix socket bench.
type socketsTab struct {
	w         *window
	panel     *runPanel
	archs     *widget.CheckGroup
	proxy     *widget.RadioGroup
	target    *widget.Entry
	n, c      *widget.Entry
	warmup    *widget.Entry
	sweep     *widget.Entry
	keepAlive *widget.Check
	upKA      *widget.Check
	app       *widget.Select
	network   *widget.Select
	workers   *widget.Entry
	published *widget.Check
	ctl       *runControls
	fargate   *fargateChoice
}

// socketsIntro is the tab's empty state.
const socketsIntro = "Does a Unix socket beat TCP loopback between a proxy and an app? Press Start to measure the ticked architectures, or open a saved run."

func buildSocketsTab(w *window) fyne.CanvasObject {
	t := &socketsTab{w: w}
	withPub := func() bool { return t.published == nil || t.published.Checked }
	spec := func(title, file, kind string) chartSpec {
		return chartSpec{title, file, func(runs []results.Labeled) chart.Chart { return sockets.CompareChart(runs, kind, withPub()) }}
	}
	t.panel = newRunPanel(w, sockets.Kind, socketsIntro, w.opts.Store, sockets.Columns(), []chartSpec{
		spec("req/s", "rps", "rps"),
		spec("p99", "p99", "p99"),
		spec("Percentiles", "percentiles", "percentiles"),
		spec("Sweep", "sweep", "sweep"),
		spec("Sweep p99", "sweep-p99", "sweep-p99"),
		spec("Timeline", "timeline", "timeline"),
		spec("Histogram", "histogram", "histogram"),
	})
	w.tab.sockets = t

	d := sockets.DefaultConfig() // the one home of the defaults (the CLI's flags start from it too)
	t.archs = widget.NewCheckGroup(sockets.AllArchs, nil)
	t.archs.SetSelected(d.Archs)
	t.proxy = widget.NewRadioGroup([]string{sockets.ProxyBuiltin, sockets.ProxyNginx}, nil)
	t.proxy.Horizontal = true
	t.proxy.SetSelected(d.Proxy)
	nginxNote := widget.NewLabel("Looking for nginx…")
	nginxNote.Wrapping = fyne.TextWrapWord
	go func() { // runs `nginx -v`: not on the UI goroutine
		bin, err := stack.FindNginx()
		v := ""
		if err == nil {
			v, err = stack.NginxVersion(bin)
		}
		doUI(func() {
			if err != nil {
				nginxNote.SetText("nginx not found: install it (apt-get install nginx-light) to use the real proxy.")
				return
			}
			t.proxy.SetSelected(sockets.ProxyNginx) // the real thing when there is one
			nginxNote.SetText(v + " at " + bin)
		})
	}()
	t.target = widget.NewEntry()
	t.target.SetPlaceHolder("optional: http://127.0.0.1:8000/ or unix:/run/app.sock")
	t.n = numEntry(strconv.Itoa(d.Requests))
	t.c = numEntry(strconv.Itoa(d.Concurrency))
	t.warmup = numEntry(strconv.Itoa(d.Warmup))
	t.sweep = widget.NewEntry()
	t.sweep.SetPlaceHolder("e.g. 1,2,4,8,16,32,64")
	// Starlette on every system: gunicorn is Unix only, but a run on Fargate
	// serves it from the Linux task; a local run on Windows says why not.
	t.app = widget.NewSelect([]string{sockets.AppGo, sockets.AppStarlette}, nil)
	t.app.SetSelected(d.App)
	networks := []string{sockets.NetworkHost}
	if sockets.BridgeSupported { // network namespaces: Linux only
		networks = append(networks, sockets.NetworkBridge)
	}
	t.network = widget.NewSelect(networks, nil)
	t.network.SetSelected(d.Network)
	t.workers = numEntry(strconv.Itoa(d.Workers))
	t.keepAlive = widget.NewCheck("client keep-alive (ab -k)", nil)
	t.upKA = widget.NewCheck("upstream keep-alive (proxy → app)", nil)
	t.published = widget.NewCheck("show published results beside mine", func(bool) { t.panel.redraw() })
	t.published.SetChecked(true)
	t.ctl = newRunControls(w, t.run)

	t.fargate = newFargateChoice()
	// What a first run needs comes first; the app under test, the
	// network, an external target, warm-up and sweep wait under Advanced.
	form := widget.NewForm(
		widget.NewFormItem("Where", t.fargate.box()),
		widget.NewFormItem("Architectures", t.archs),
		widget.NewFormItem("Proxy", container.NewVBox(t.proxy, nginxNote)),
		widget.NewFormItem("Requests (-n)", t.n),
		widget.NewFormItem("Concurrency (-c)", t.c),
	)
	advanced := container.NewVBox(widget.NewForm(
		widget.NewFormItem("App", container.NewGridWithColumns(2, t.app, container.NewBorder(nil, nil, widget.NewLabel("workers"), nil, t.workers))),
		widget.NewFormItem("Network", t.network),
		widget.NewFormItem("External target", t.target),
		widget.NewFormItem("Warm-up", t.warmup),
		widget.NewFormItem("Sweep", t.sweep),
	), t.upKA)
	explain := widget.NewLabel("Like ab -n 1000 -c 1: each request waits for the last. A Unix socket skips the TCP/IP stack between proxy and app; the table shows by how much, in µs.")
	explain.Wrapping = fyne.TextWrapWord
	settings := container.NewVBox(form, t.keepAlive, t.published, explain, widget.NewAccordion(widget.NewAccordionItem("Advanced", advanced)))
	split := container.NewHSplit(t.ctl.pinned(settings), t.panel.root)
	split.Offset = 0.3
	return split
}

func numEntry(v string) *widget.Entry {
	e := widget.NewEntry()
	e.SetText(v)
	return e
}

// config reads the form over the defaults and validates it: the same
// checks and messages as the CLI's; errors name the field.
func (t *socketsTab) config() (sockets.Config, error) {
	atoi := func(name string, e *widget.Entry) (int, error) {
		v, err := strconv.Atoi(strings.TrimSpace(e.Text))
		if err != nil {
			return 0, fmt.Errorf("%s: %q is not a whole number", name, e.Text)
		}
		return v, nil
	}
	cfg := sockets.DefaultConfig()
	var err error
	if cfg.Requests, err = atoi("requests", t.n); err != nil {
		return cfg, err
	}
	if cfg.Concurrency, err = atoi("concurrency", t.c); err != nil {
		return cfg, err
	}
	if cfg.Warmup, err = atoi("warm-up", t.warmup); err != nil {
		return cfg, err
	}
	for _, s := range strings.Split(t.sweep.Text, ",") {
		if s = strings.TrimSpace(s); s == "" {
			continue
		}
		v, err := strconv.Atoi(s)
		if err != nil {
			return cfg, fmt.Errorf("sweep: %q is not a concurrency (want e.g. 1,2,4,8)", s)
		}
		cfg.Sweep = append(cfg.Sweep, v)
	}
	cfg.Target = strings.TrimSpace(t.target.Text)
	cfg.Archs = t.archs.Selected
	cfg.Proxy = t.proxy.Selected
	cfg.KeepAlive = t.keepAlive.Checked
	cfg.UpstreamKeepAlive = t.upKA.Checked
	cfg.App, cfg.Network = t.app.Selected, t.network.Selected
	if cfg.Workers, err = atoi("workers", t.workers); err != nil {
		return cfg, err
	}
	if t.fargate != nil && t.fargate.chosen() {
		return cfg, cfg.ValidateElsewhere() // the task's system, as the CLI checks it
	}
	return cfg, cfg.Validate()
}

func (t *socketsTab) run() {
	cfg, err := t.config()
	if err != nil {
		dialog.ShowError(err, t.w.Win)
		return
	}
	if t.fargate.chosen() {
		t.runInFargate(cfg)
		return
	}
	cfg.OnProgress = func(p results.Progress) {
		t.panel.show(p.Run, fmt.Sprintf("Running… %s (%.0f%%)", p.Phase, p.Done*100))
		doUI(func() { t.ctl.progress.SetValue(p.Done) })
	}
	t.ctl.begin(func(ctx context.Context) {
		run, err := sockets.Run(ctx, cfg)
		t.ctl.finish(t.panel, run, err, func(run *results.Run) string {
			return fmt.Sprintf("Finished %s: proxy %s, app %s, %s network, n=%d, c=%d, client keep-alive %s, upstream keep-alive %s", run.Finished.Format("15:04:05"),
				orDefault(run.Config["proxy_version"], run.Config["proxy"]), orDefault(run.Config["app_server"], cfg.App), cfg.Network,
				cfg.Requests, cfg.Concurrency, onOff(cfg.KeepAlive), onOff(cfg.UpstreamKeepAlive))
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
