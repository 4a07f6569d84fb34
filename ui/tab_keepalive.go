package ui

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"benchtop/internal/measure/chart"
	"benchtop/internal/measure/results"
	"benchtop/probes/keepalive"
	"benchtop/probes/keepalive/inlambda"
	"benchtop/probes/keepalive/sdkdriver"
)

// keepAliveTab runs the keep-alive probe.
type keepAliveTab struct {
	w               *window
	panel           *runPanel
	target          *widget.Select
	url             *widget.Entry
	region, profile *widget.Entry
	table           *widget.Entry
	create, cleanup *widget.Check
	modes           *widget.CheckGroup
	sdks            *widget.CheckGroup
	n, interval     *widget.Entry
	tcpKA           *widget.Select
	labService      *widget.Entry
	labRTT, labIdle *widget.Entry
	labTLS          *widget.Select
	ctl             *runControls
	awsBox, labBox  *fyne.Container
	where           *widget.Select
	lambdaArch      *widget.Select
	lambdaMem       *widget.Entry
	lambdaBatch     *widget.Check
	lambdaBox       *fyne.Container
	urlLabel        *widget.Label
}

// keepAliveIntro is the tab's empty state.
const keepAliveIntro = "How reusing HTTP connections changes the latency of SDK calls. Press Start to run against the built-in lab (no AWS account needed), or open a saved run."

const (
	whereHere   = "this computer"
	whereLambda = "AWS Lambda"
)

const (
	targetLab      = "Built-in lab"
	targetAWS      = "AWS DynamoDB"
	targetEndpoint = "DynamoDB-compatible"
	targetURL      = "Any HTTPS URL (GET)"
)

func buildKeepAliveTab(w *window) fyne.CanvasObject {
	t := &keepAliveTab{w: w}
	spec := func(title, kind string) chartSpec {
		return chartSpec{title, kind, func(runs []results.Labeled) chart.Chart { return keepalive.Chart(runs, kind) }}
	}
	t.panel = newRunPanel(w, keepalive.Kind, keepAliveIntro, w.opts.Store, keepalive.Columns(), []chartSpec{
		spec("Over time", "timeline"), spec("Percentiles", "percentiles"), spec("Histogram", "histogram"),
		spec("Phases", "phases"), spec("Connections", "connections"), spec("CDF", "cdf"),
	})
	w.tab.keepAlive = t

	t.url = widget.NewEntry()
	t.urlLabel = widget.NewLabel("Endpoint")
	t.region = widget.NewEntry()
	t.region.SetPlaceHolder("from profile / AWS_REGION")
	t.profile = widget.NewEntry()
	t.profile.SetPlaceHolder("default / AWS_PROFILE")
	d := keepalive.DefaultConfig() // the one home of the defaults (the CLI's flags start from it too)
	t.table = widget.NewEntry()
	t.table.SetText(d.Table)
	t.create = widget.NewCheck("create the table if missing (on-demand)", nil)
	t.create.SetChecked(d.CreateTable)
	t.cleanup = widget.NewCheck("delete the probe's items afterwards", nil)
	t.cleanup.SetChecked(d.Cleanup)
	t.awsBox = container.NewVBox(
		widget.NewForm(widget.NewFormItem("Region", t.region), widget.NewFormItem("Profile", t.profile), widget.NewFormItem("Table", t.table)),
		t.create, t.cleanup)
	t.labService = numEntry(d.Lab.ServiceTime.String())
	t.labRTT = numEntry(d.Lab.EmulatedRTT.String())
	t.labIdle = numEntry(d.Lab.IdleClose.String())
	// TLS 1.2 costs one more round trip per new connection than 1.3.
	t.labTLS = widget.NewSelect([]string{"TLS 1.3", "TLS 1.2"}, nil)
	t.labTLS.SetSelected("TLS 1.3")
	t.labBox = container.NewVBox(widget.NewForm(
		widget.NewFormItem("Service time", t.labService),
		widget.NewFormItem("Emulated RTT", t.labRTT),
		widget.NewFormItem("TLS version", t.labTLS),
		widget.NewFormItem("Server idle close", t.labIdle)))

	t.target = widget.NewSelect([]string{targetLab, targetAWS, targetEndpoint, targetURL}, func(string) { t.showTargetFields() })
	var names []string
	var explain strings.Builder
	explain.WriteString("**HTTP keep-alive is not TCP keepalive.** Reusing a pooled connection skips DNS, connect and TLS; `SO_KEEPALIVE` only sends probes on an idle socket.\n\n")
	for _, m := range keepalive.AllModes {
		names = append(names, m.Name)
		explain.WriteString("- **" + m.Name + "**: " + codeSpans(m.Explain) + "\n")
	}
	t.modes = widget.NewCheckGroup(names, nil)
	t.modes.SetSelected(d.Modes)
	// the SDKs: several at once run side by side, mode for mode
	var sdkNames, sdkSel []string
	var perSDK strings.Builder
	for _, sdk := range sdkdriver.All {
		sdkNames = append(sdkNames, sdkLabel(sdk))
		perSDK.WriteString("**" + sdkdriver.Label(sdk) + "**\n\n")
		for _, m := range keepalive.AllModes {
			perSDK.WriteString("- " + m.Name + ": " + codeSpans(sdkdriver.ModeHelp(sdk, m.Name)) + "\n")
		}
		perSDK.WriteString("\n")
	}
	for _, sdk := range d.SDKs {
		sdkSel = append(sdkSel, sdkLabel(sdk))
	}
	t.sdks = widget.NewCheckGroup(sdkNames, nil)
	t.sdks.SetSelected(sdkSel)
	perSDKText := widget.NewRichTextFromMarkdown(perSDK.String())
	perSDKText.Wrapping = fyne.TextWrapWord
	t.n = numEntry(strconv.Itoa(d.Calls))
	t.interval = numEntry(d.Interval.String())
	t.tcpKA = widget.NewSelect([]string{keepalive.TCPKeepAliveSDK.String(), keepalive.TCPKeepAliveOff.String(), keepalive.TCPKeepAliveOn.String(), "15s"}, nil)
	t.tcpKA.SetSelected(d.TCPKeepAlive.String())
	lo := inlambda.DefaultOptions()
	t.lambdaArch = widget.NewSelect([]string{"arm64", "amd64"}, nil)
	t.lambdaArch.SetSelected(lo.Arch)
	t.lambdaMem = numEntry(strconv.Itoa(lo.MemoryMB))
	t.lambdaBatch = widget.NewCheck("all calls of a mode in one invocation", nil)
	t.lambdaBox = container.NewVBox(widget.NewForm(widget.NewFormItem("Architecture", t.lambdaArch), widget.NewFormItem("Memory (MB)", t.lambdaMem)),
		t.lambdaBatch, wrapped("Deploys a function, a role and a log group for the run (tagged benchtop:run) and removes them when it ends."))
	t.where = widget.NewSelect([]string{whereHere, whereLambda}, func(s string) {
		if s == whereLambda {
			t.lambdaBox.Show()
			if t.target.Selected == targetLab || t.target.Selected == targetURL {
				t.target.SetSelected(targetAWS) // in Lambda the probe calls DynamoDB
			}
		} else {
			t.lambdaBox.Hide()
		}
	})
	t.where.SetSelected(whereHere)
	t.ctl = newRunControls(w, t.run)
	t.target.SetSelected(targetLab)

	help := widget.NewRichTextFromMarkdown(explain.String())
	help.Wrapping = fyne.TextWrapWord
	// What a first run needs comes first; where it runs, TCP keepalive and
	// the lab's network wait under Advanced, right after the modes.
	form := widget.NewForm(
		widget.NewFormItem("Target", t.target),
		widget.NewFormItem("Calls per mode", t.n),
		widget.NewFormItem("Interval", t.interval),
	)
	advanced := container.NewVBox(
		widget.NewForm(widget.NewFormItem("Where", t.where), widget.NewFormItem("TCP keepalive", t.tcpKA)),
		t.lambdaBox, t.labBox)
	settings := container.NewVBox(form, container.NewBorder(nil, nil, t.urlLabel, nil, t.url), t.awsBox,
		heading("SDK"), t.sdks, heading("Modes"), t.modes, widget.NewAccordion(widget.NewAccordionItem("Advanced", advanced)),
		help, widget.NewAccordion(widget.NewAccordionItem("What each mode sets, per SDK", perSDKText)))
	split := container.NewHSplit(t.ctl.pinned(settings), t.panel.root)
	split.Offset = 0.3
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

// config reads the form over the defaults and validates it: the same
// checks and messages as the CLI's; errors name the field.
func (t *keepAliveTab) config() (keepalive.Config, error) {
	cfg := keepalive.DefaultConfig()
	n, err := strconv.Atoi(strings.TrimSpace(t.n.Text))
	if err != nil {
		return cfg, fmt.Errorf("calls per mode: %q is not a whole number", t.n.Text)
	}
	cfg.Calls = n
	dur := func(name string, e *widget.Entry) (time.Duration, error) {
		s := strings.TrimSpace(e.Text)
		if s == "0" || s == "" {
			return 0, nil
		}
		d, err := time.ParseDuration(s)
		if err != nil {
			return 0, fmt.Errorf("%s: %q is not a duration like 1s or 250ms", name, e.Text)
		}
		return d, nil
	}
	if cfg.Interval, err = dur("interval", t.interval); err != nil {
		return cfg, err
	}
	cfg.Modes = t.modes.Selected
	cfg.SDKs = nil
	for _, sdk := range sdkdriver.All {
		for _, sel := range t.sdks.Selected {
			if sel == sdkLabel(sdk) {
				cfg.SDKs = append(cfg.SDKs, sdk)
			}
		}
	}
	if len(cfg.SDKs) == 0 {
		return cfg, errors.New("SDK: pick at least one")
	}
	if label := t.tcpKA.Selected; label != keepalive.TCPKeepAliveSDK.String() {
		if cfg.TCPKeepAlive, err = keepalive.ParseTCPKeepAlive(label); err != nil {
			return cfg, err
		}
	}
	switch t.target.Selected {
	case targetLab:
		cfg.Target = keepalive.TargetLab
		if cfg.Lab.ServiceTime, err = dur("service time", t.labService); err != nil {
			return cfg, err
		}
		if cfg.Lab.EmulatedRTT, err = dur("emulated RTT", t.labRTT); err != nil {
			return cfg, err
		}
		cfg.Lab.TLSVersion = strings.TrimPrefix(t.labTLS.Selected, "TLS ")
		if cfg.Lab.IdleClose, err = dur("server idle close", t.labIdle); err != nil {
			return cfg, err
		}
	case targetAWS, targetEndpoint:
		cfg.Target = keepalive.TargetAWS
		cfg.Region, cfg.Profile, cfg.Table = strings.TrimSpace(t.region.Text), strings.TrimSpace(t.profile.Text), strings.TrimSpace(t.table.Text)
		cfg.CreateTable, cfg.Cleanup = t.create.Checked, t.cleanup.Checked
		if t.target.Selected == targetEndpoint {
			cfg.Endpoint = strings.TrimSpace(t.url.Text)
			if cfg.Endpoint == "" {
				return cfg, errors.New("endpoint: name the DynamoDB-compatible endpoint, e.g. http://127.0.0.1:8000")
			}
		}
	case targetURL:
		cfg.Target = strings.TrimSpace(t.url.Text)
	}
	return cfg, cfg.Validate()
}

func (t *keepAliveTab) run() {
	cfg, err := t.config()
	if err != nil {
		dialog.ShowError(err, t.w.Win)
		return
	}
	if t.where.Selected == whereLambda {
		t.runInLambda(cfg)
		return
	}
	cfg.OnProgress = func(p results.Progress) {
		t.panel.show(p.Run, fmt.Sprintf("Running… %.0f%%", p.Done*100))
		doUI(func() { t.ctl.progress.SetValue(p.Done) })
	}
	cfg.OnStatus = func(s string) { t.panel.show(nil, s) }
	t.ctl.begin(func(ctx context.Context) {
		run, err := keepalive.Run(ctx, cfg)
		t.ctl.finish(t.panel, run, err, func(run *results.Run) string {
			return fmt.Sprintf("Finished %s: target %s, %s calls per mode every %s, TCP keepalive %s. %s", run.Finished.Format("15:04:05"),
				run.Config["target"], run.Config["calls"], run.Config["interval"], run.Config["tcp_keepalive"], strings.Join(run.Notes, "; "))
		})
	})
}

// identifier is a name with an underscore in help text: SO_KEEPALIVE,
// tcp_keepalive=True, max_pool_connections.
var identifier = regexp.MustCompile(`[A-Za-z0-9.]*_[A-Za-z0-9_.]*(=[A-Za-z0-9]+)?`)

// codeSpans sets such names as code: Fyne's Markdown reads an underscore
// as emphasis and shows "SO_ KEEPALIVE".
func codeSpans(s string) string { return identifier.ReplaceAllString(s, "`$0`") }

// sdkLabel names an SDK in the picker.
func sdkLabel(sdk string) string {
	switch sdk {
	case sdkdriver.Python:
		return "boto3 (Python)"
	case sdkdriver.JS:
		return "JavaScript v3 (Node)"
	}
	return "Go"
}

// runInLambda runs the probe in a function deployed for the run; each
// deploy step shows as the status.
func (t *keepAliveTab) runInLambda(cfg keepalive.Config) {
	mem, err := strconv.Atoi(strings.TrimSpace(t.lambdaMem.Text))
	if err != nil {
		dialog.ShowError(fmt.Errorf("memory: %q is not a whole number of MB", t.lambdaMem.Text), t.w.Win)
		return
	}
	o := inlambda.Options{KeepAlive: cfg, Arch: t.lambdaArch.Selected, MemoryMB: mem, Batch: t.lambdaBatch.Checked, Bundle: inlambda.EmbeddedBundle}
	if err := o.Validate(); err != nil {
		dialog.ShowError(err, t.w.Win)
		return
	}
	o.OnStep = func(s string) { t.panel.show(nil, "AWS Lambda: "+s) }
	t.ctl.begin(func(ctx context.Context) {
		run, err := inlambda.Run(ctx, o)
		t.ctl.finish(t.panel, run, err, func(run *results.Run) string {
			return fmt.Sprintf("Finished %s in AWS Lambda (%s, %s, %s MB): %s calls per mode every %s. %s", run.Finished.Format("15:04:05"),
				run.Config["region"], run.Config["lambda_arch"], run.Config["lambda_memory_mb"], run.Config["calls"], run.Config["interval"], strings.Join(run.Notes, "; "))
		})
	})
}
