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

	"benchtop/internal/measure/results"
	"benchtop/probes/sockets"
	"benchtop/probes/sockets/infargate"
)

const (
	whereThisComputer = "This computer"
	whereFargate      = "AWS Fargate"
)

// fargateChoice is the Sockets tab's "Where": this computer, or one AWS
// Fargate task made for the run (`sockets --in fargate`).
type fargateChoice struct {
	where   *widget.Select
	cpuArch *widget.Select
	cpu     *widget.Entry
	memory  *widget.Entry
	more    *fyne.Container
}

func newFargateChoice() *fargateChoice {
	d := infargate.DefaultOptions()
	f := &fargateChoice{cpuArch: widget.NewSelect([]string{"arm64", "x86_64"}, nil),
		cpu: numEntry(strconv.FormatFloat(d.TaskCPU, 'g', -1, 64)), memory: numEntry(strconv.Itoa(d.TaskMemoryMB))}
	f.cpuArch.SetSelected(d.CPUArch)
	f.more = container.NewHBox(f.cpuArch, widget.NewLabel("vCPU"), f.cpu, widget.NewLabel("MiB"), f.memory)
	f.more.Hide()
	f.where = widget.NewSelect([]string{whereThisComputer, whereFargate}, func(s string) {
		if s == whereFargate {
			f.more.Show()
		} else {
			f.more.Hide()
		}
	})
	f.where.SetSelected(whereThisComputer)
	return f
}

func (f *fargateChoice) box() fyne.CanvasObject { return container.NewVBox(f.where, f.more) }

func (f *fargateChoice) chosen() bool { return f.where.Selected == whereFargate }

// options reads the choice over infargate's defaults.
func (f *fargateChoice) options(cfg sockets.Config) (infargate.Options, error) {
	o := infargate.DefaultOptions()
	cfg.Proxy = sockets.ProxyNginx // the task's proxy
	o.Bench, o.CPUArch = cfg, f.cpuArch.Selected
	var err error
	if o.TaskCPU, err = strconv.ParseFloat(strings.TrimSpace(f.cpu.Text), 64); err != nil {
		return o, fmt.Errorf("vCPU: %q is not a number", f.cpu.Text)
	}
	if o.TaskMemoryMB, err = strconv.Atoi(strings.TrimSpace(f.memory.Text)); err != nil {
		return o, fmt.Errorf("memory: %q is not a whole number of MiB", f.memory.Text)
	}
	return o, o.Validate()
}

// runInFargate runs the bench in one Fargate task; each step shows as the
// status. Stop tears everything down.
func (t *socketsTab) runInFargate(cfg sockets.Config) {
	o, err := t.fargate.options(cfg)
	if err != nil {
		dialog.ShowError(err, t.w.Win)
		return
	}
	o.OnStep = func(s string) { t.panel.show(nil, "AWS Fargate: "+s) }
	t.ctl.begin(func(ctx context.Context) {
		run, err := infargate.Run(ctx, o)
		t.ctl.finish(t.panel, run, err, func(run *results.Run) string {
			return fmt.Sprintf("Finished %s on %s: app %s, n=%d, c=%d. %s", run.Finished.Format("15:04:05"), run.Machine.OS,
				orDefault(run.Config["app_server"], cfg.App), cfg.Requests, cfg.Concurrency, strings.Join(run.Notes, "; "))
		})
	})
}
