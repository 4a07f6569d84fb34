package ui

import (
	"context"
	"fmt"
	"io"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"
	"gitlab.com/gomidi/midi/v2/drivers"

	"benchtop/devices/known"
	"benchtop/devices/midi"
	"benchtop/internal/files"
	"benchtop/internal/measure/chart"
)

// liveFrameInterval: the view redraws at 30 Hz, never per message.
const liveFrameInterval = time.Second / 30

// liveTab shows what a keyboard plays.
type liveTab struct {
	w        *Window
	pipe     *midi.Pipeline
	drv      func() (drivers.Driver, error)
	piano    *Piano
	card     *known.Card
	octave   int
	layout   *widget.Select
	portSel  *widget.CheckGroup // every checked input is followed
	portMsg  *widget.Label
	table    *widget.Table
	rows     []midi.Event
	paused   bool
	autoScr  *widget.Check
	typeSel  *widget.Select
	chanSel  *widget.Select
	stats    *widget.Label
	stuck    *widget.Label
	meters   *fyne.Container
	meterMap map[int]*widget.ProgressBar
	bend     *widget.ProgressBar
	gaps     *ChartView
	recBtn   *widget.Button
	playBtn  *widget.Button
	pauseBtn *widget.Button
	stopBtn  *widget.Button
	fileLbl  *widget.Label
	rtOut    *widget.Select
	rtIn     *widget.Select
	rtN      *widget.Entry
	rtResult *widget.Label
	rtChart  *ChartView

	mu         sync.Mutex
	rec        *midi.Recorder
	player     *midi.Player
	playCancel context.CancelFunc
	follows    map[string]context.CancelFunc // port name → stop following
	lastSeq    uint64
}

const (
	layoutAKM = "AKM322 (32 keys, 41–72)"
	layout61  = "61 keys (36–96)"
	layout88  = "88 keys (21–108)"
)

func buildLiveTab(w *Window) fyne.CanvasObject {
	t := &liveTab{w: w, pipe: midi.NewPipeline(5000), meterMap: map[int]*widget.ProgressBar{}, drv: w.opts.MIDIDriver, follows: map[string]context.CancelFunc{}}
	if t.drv == nil {
		t.drv = midi.SystemDriver
	}
	w.tabState["live"] = t
	t.piano = NewPiano(41, 72)
	t.piano.OnNote = func(note, vel int) {
		if vel > 0 {
			t.pipe.Push("screen keyboard", []byte{0x90, byte(note), byte(vel)})
		} else {
			t.pipe.Push("screen keyboard", []byte{0x80, byte(note), 0})
		}
	}
	t.layout = widget.NewSelect([]string{layoutAKM, layout61, layout88}, func(string) { t.applyLayout() })
	t.layout.SetSelected(layoutAKM)
	octDown := widget.NewButton("Octave −", func() { t.octave--; t.applyLayout() })
	octUp := widget.NewButton("Octave +", func() { t.octave++; t.applyLayout() })

	t.portSel = widget.NewCheckGroup(nil, func(names []string) { t.connect(names) })
	t.portSel.Horizontal = true
	t.portMsg = widget.NewLabel("")
	t.portMsg.Wrapping = fyne.TextWrapWord
	refresh := widget.NewButton("Rescan", t.rescan)

	// log
	t.table = widget.NewTable(func() (int, int) { return len(t.rows) + 1, 7 },
		func() fyne.CanvasObject { return widget.NewLabel("") },
		func(id widget.TableCellID, o fyne.CanvasObject) {
			l := o.(*widget.Label)
			l.TextStyle.Bold = id.Row == 0
			l.SetText(t.cell(id.Row, id.Col))
		})
	for i, wd := range []float32{95, 85, 120, 120, 40, 200, 100} {
		t.table.SetColumnWidth(i, wd)
	}
	pause := widget.NewCheck("pause", func(b bool) { t.paused = b })
	clear := widget.NewButton("Clear", func() { t.pipe.Clear(); t.rows = nil; t.table.Refresh() })
	t.autoScr = widget.NewCheck("auto-scroll", nil)
	t.autoScr.SetChecked(true)
	// Selecting a row means reading it: stop following new messages until
	// auto-scroll is ticked again.
	t.table.OnSelected = func(widget.TableCellID) { t.autoScr.SetChecked(false) }
	types := []string{"all types", midi.TypeNoteOn, midi.TypeNoteOff, midi.TypeCC, midi.TypePitchBend, midi.TypeAftertouch,
		midi.TypePolyPressure, midi.TypeProgram, midi.TypeSysEx, midi.TypeClock, midi.TypeActiveSense, midi.TypeRealtime}
	t.typeSel = widget.NewSelect(types, nil)
	t.typeSel.SetSelected("all types")
	chans := []string{"all channels"}
	for i := 1; i <= 16; i++ {
		chans = append(chans, "channel "+strconv.Itoa(i))
	}
	t.chanSel = widget.NewSelect(chans, nil)
	t.chanSel.SetSelected("all channels")
	exportLog := widget.NewButton("Export log…", func() {
		saveDialog(w.Win, "midi-log.csv", []string{".csv", ".json"}, t.exportLog)
	})

	// controllers and stats
	t.bend = widget.NewProgressBar()
	t.bend.Min, t.bend.Max = -8192, 8191
	t.bend.TextFormatter = func() string { return fmt.Sprintf("pitch bend %+.0f", t.bend.Value) }
	t.meters = container.NewVBox()
	t.stats = widget.NewLabel("")
	t.stats.Wrapping = fyne.TextWrapWord
	t.stuck = widget.NewLabel("")
	t.stuck.Importance = widget.DangerImportance
	t.gaps = NewChartView(w.App)

	// sources: file replay, recording
	t.fileLbl = widget.NewLabel("No file loaded.")
	openBtn := widget.NewButton("Open .mid…", t.openFile)
	t.playBtn = widget.NewButton("Play", t.play)
	t.pauseBtn = widget.NewButton("Pause", t.pausePlay)
	t.stopBtn = widget.NewButton("Stop", t.stopPlay)
	t.playBtn.Disable()
	t.pauseBtn.Disable()
	t.stopBtn.Disable()
	t.recBtn = widget.NewButton("● Record", t.toggleRecord)

	// round trip
	t.rtOut = widget.NewSelect(nil, nil)
	t.rtOut.PlaceHolder = "send to (output)"
	t.rtIn = widget.NewSelect(nil, nil)
	t.rtIn.PlaceHolder = "back on (input)"
	t.rtN = numEntry("100")
	t.rtResult = widget.NewLabel("Connect an output to an input (a loopback cable, an echoing device or a virtual port) and measure the round trip.")
	t.rtResult.Wrapping = fyne.TextWrapWord
	t.rtChart = NewChartView(w.App)
	rtRun := widget.NewButton("Measure", t.runRoundTrip)
	rtExport := widget.NewButton("Export chart…", func() {
		saveDialog(w.Win, "midi-roundtrip.png", []string{".png", ".svg", ".pdf"}, func(path string) error {
			return exportChart(t.rtChart, path, 1200, 600)
		})
	})

	t.rescan()

	keyboardRow := container.NewBorder(nil, nil, nil, container.NewHBox(t.layout, octDown, octUp), widget.NewLabel("Play with the mouse, or plug in a keyboard."))
	sources := container.NewVBox(
		container.NewBorder(nil, nil, widget.NewLabel("Inputs"), container.NewHBox(refresh), container.NewHScroll(t.portSel)), t.portMsg,
		container.NewHBox(openBtn, t.playBtn, t.pauseBtn, t.stopBtn, t.recBtn), t.fileLbl)
	logBar := container.NewHBox(pause, clear, t.autoScr, t.typeSel, t.chanSel, exportLog)
	monitor := container.NewBorder(logBar, nil, nil, nil, t.table)
	side := container.NewVScroll(container.NewVBox(
		widget.NewLabelWithStyle("Controllers", fyne.TextAlignLeading, fyne.TextStyle{Bold: true}), t.bend, t.meters,
		widget.NewLabelWithStyle("Statistics", fyne.TextAlignLeading, fyne.TextStyle{Bold: true}), t.stats, t.stuck))
	stats := container.NewHSplit(monitor, container.NewVSplit(side, t.gaps))
	stats.Offset = 0.62
	rt := container.NewBorder(container.NewVBox(
		widget.NewForm(widget.NewFormItem("Output", t.rtOut), widget.NewFormItem("Input", t.rtIn), widget.NewFormItem("Samples", t.rtN)),
		container.NewHBox(rtRun, rtExport), t.rtResult), nil, nil, nil, t.rtChart)
	tabs := container.NewAppTabs(container.NewTabItem("Monitor", stats), container.NewTabItem("Round-trip latency", rt))
	top := container.NewVBox(sources, keyboardRow, t.piano)

	ctx, cancel := context.WithCancel(context.Background())
	w.stopOnQuit(cancel)
	w.stopOnQuit(t.stopAll)
	go t.refreshLoop(ctx)
	return container.NewBorder(top, nil, nil, nil, tabs)
}

func (t *liveTab) stopAll() {
	t.mu.Lock()
	defer t.mu.Unlock()
	for _, stop := range t.follows {
		stop()
	}
	if t.playCancel != nil {
		t.playCancel()
	}
}

// applyLayout sets the keyboard's range from the layout and octave shift.
func (t *liveTab) applyLayout() {
	lo, hi := 41, 72
	switch t.layout.Selected {
	case layout61:
		lo, hi = 36, 96
	case layout88:
		lo, hi = 21, 108
	}
	lo, hi = lo+12*t.octave, hi+12*t.octave
	if lo < 0 || hi > 127 {
		t.octave -= sign(t.octave)
		return
	}
	t.piano.SetRange(lo, hi)
}

func sign(v int) int {
	if v < 0 {
		return -1
	}
	if v > 0 {
		return 1
	}
	return 0
}

// rescan lists the MIDI ports; with none, it says why.
func (t *liveTab) rescan() {
	drv, err := t.drv()
	ports := midi.List(drv, "/proc/asound", err)
	var ins, outs []string
	for _, p := range ports.Ins {
		ins = append(ins, p.Name)
	}
	for _, p := range ports.Outs {
		outs = append(outs, p.Name)
	}
	t.portSel.Options = ins
	t.portSel.Refresh()
	t.rtOut.SetOptions(outs)
	t.rtIn.SetOptions(ins)
	switch {
	case ports.Problem != "":
		t.portMsg.SetText(ports.Problem + ". The screen keyboard and file replay work without it.")
	case len(ins) == 0:
		t.portMsg.SetText("No MIDI inputs. Plug in a keyboard and press Rescan.")
	default:
		t.portMsg.SetText(fmt.Sprintf("%d input(s).", len(ins)))
		if len(t.portSel.Selected) == 0 {
			for _, p := range ports.Ins { // a known keyboard connects itself
				if p.Known != nil {
					t.portSel.SetSelected([]string{p.Name})
					break
				}
			}
		}
	}
}

// connect follows every checked input (reopening each after a replug) and
// stops following the ones unchecked. Messages from all of them meet in the
// one pipeline, each marked with its port.
func (t *liveTab) connect(names []string) {
	drv, err := t.drv()
	if err != nil {
		dialog.ShowError(err, t.w.Win)
		return
	}
	want := map[string]bool{}
	for _, n := range names {
		want[n] = true
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	for n, stop := range t.follows {
		if !want[n] {
			stop()
			delete(t.follows, n)
		}
	}
	for _, name := range names {
		if _, ok := t.follows[name]; ok {
			continue
		}
		ctx, cancel := context.WithCancel(context.Background())
		t.follows[name] = cancel
		if c := known.ByPortName(name); c != nil {
			t.card = c
			t.layout.SetSelected(layoutAKM)
		}
		go midi.Follow(ctx, drv, name, t.pipe, time.Second, func(s string) {
			doUI(func() { t.portMsg.SetText(midi.BaseName(name) + ": " + s) })
		})
	}
}

// refreshLoop copies the pipeline's state into the widgets at 30 Hz.
func (t *liveTab) refreshLoop(ctx context.Context) {
	tk := time.NewTicker(liveFrameInterval)
	defer tk.Stop()
	var gapsAt time.Time
	for {
		select {
		case <-ctx.Done():
			return
		case <-tk.C:
		}
		f := midi.Filter{Last: 2000}
		doUIAndWait(func() {
			if sel := t.typeSel.Selected; sel != "" && sel != "all types" {
				f.Types = map[string]bool{sel: true}
				f.ShowRealtime = true
			}
			if c := t.chanSel.Selected; strings.HasPrefix(c, "channel ") {
				f.Channel, _ = strconv.Atoi(strings.TrimPrefix(c, "channel "))
			}
		})
		v := t.pipe.Snapshot(f)
		newest := uint64(0)
		if n := len(v.Events); n > 0 {
			newest = v.Events[n-1].Seq
		}
		redrawGaps := time.Since(gapsAt) > 500*time.Millisecond
		if redrawGaps {
			gapsAt = time.Now()
			t.gaps.SetChart(gapChart(v.GapsUS))
		}
		doUI(func() { t.show(v, newest) })
	}
}

// show updates the widgets from a view. UI goroutine.
func (t *liveTab) show(v midi.View, newest uint64) {
	down := map[int]int{}
	for _, h := range v.Model.Held {
		down[h.Note] = h.Velocity
	}
	t.piano.SetDown(down)
	t.bend.SetValue(float64(v.Model.Bend))
	// a meter per CC seen, named from the device's card when it has one
	keys := make([]int, 0, len(v.Model.CC))
	for k := range v.Model.CC {
		keys = append(keys, k)
	}
	sort.Ints(keys)
	for _, k := range keys {
		bar, ok := t.meterMap[k]
		if !ok {
			cc := k & 0xff
			name := t.card.ControlName(cc)
			if name == "" {
				name = midi.CCName(cc)
			}
			bar = widget.NewProgressBar()
			bar.Max = 127
			label := fmt.Sprintf("CC%d %s (ch %d)", cc, name, k>>8)
			bar.TextFormatter = func() string { return fmt.Sprintf("%s: %.0f", label, bar.Value) }
			t.meterMap[k] = bar
			t.meters.Add(bar)
		}
		bar.SetValue(float64(v.Model.CC[k]))
	}
	var counts []string
	for typ, n := range v.Model.Counts {
		counts = append(counts, fmt.Sprintf("%s %d", typ, n))
	}
	sort.Strings(counts)
	held := make([]string, 0, len(down))
	for n := range down {
		held = append(held, midi.NoteName(n))
	}
	sort.Strings(held)
	t.stats.SetText(fmt.Sprintf("%.0f messages/s · %d in all · %d dropped from history (keeps %d)\nheld: %s\n%s",
		v.Rate, v.Model.Total, v.Model.Dropped, v.Capacity, orNone(strings.Join(held, " ")), strings.Join(counts, " · ")))
	if len(v.Stuck) > 0 {
		var s []string
		for _, h := range v.Stuck {
			s = append(s, midi.NoteName(h.Note))
		}
		t.stuck.SetText(fmt.Sprintf("Stuck note? Held over %v: %s (a lost note-off)", midi.StuckAfter, strings.Join(s, " ")))
	} else {
		t.stuck.SetText("")
	}
	if !t.paused && newest != t.lastSeq {
		t.lastSeq = newest
		t.rows = v.Events
		t.table.Refresh()
		if t.autoScr.Checked {
			t.table.ScrollToBottom()
		}
	}
	t.mu.Lock()
	rec := t.rec
	pl := t.player
	t.mu.Unlock()
	if rec != nil {
		t.recBtn.SetText(fmt.Sprintf("■ Stop recording (%d)", rec.Len()))
	}
	if pl != nil {
		t.fileLbl.SetText(fmt.Sprintf("%s: %d of %d messages", t.fileLbl.Text[:strings.Index(t.fileLbl.Text+":", ":")], pl.Position(), len(pl.Events)))
	}
}

func orNone(s string) string {
	if s == "" {
		return "none"
	}
	return s
}

func (t *liveTab) cell(row, col int) string {
	if row == 0 {
		return []string{"time ms", "Δt ms", "port", "type", "ch", "data", "raw"}[col]
	}
	if row-1 >= len(t.rows) {
		return ""
	}
	ev := t.rows[row-1]
	switch col {
	case 0:
		return strconv.FormatFloat(ev.AtUS/1000, 'f', 3, 64)
	case 1:
		return strconv.FormatFloat(float64(ev.Gap)/1e6, 'f', 3, 64)
	case 2:
		return ev.Port
	case 3:
		return ev.Msg.Type
	case 4:
		if ev.Msg.Channel == 0 {
			return ""
		}
		return strconv.Itoa(ev.Msg.Channel)
	case 5:
		return ev.Msg.Text
	}
	return ev.Hex
}

// gapChart is the histogram of the time between messages, in log2 bins.
func gapChart(bins []midi.GapBin) chart.Chart {
	b := chart.Bars{Title: "Time between messages (log₂ bins)", YLabel: "messages", ValueFormat: "%.0f"}
	s := chart.BarSeries{Name: "gaps"}
	for _, bin := range bins {
		if bin.Count == 0 && len(b.Categories) == 0 {
			continue // skip the empty short end
		}
		b.Categories = append(b.Categories, chart.FormatUS(bin.HiUS))
		s.Values = append(s.Values, float64(bin.Count))
	}
	// trim the empty long end
	for len(s.Values) > 0 && s.Values[len(s.Values)-1] == 0 {
		s.Values = s.Values[:len(s.Values)-1]
		b.Categories = b.Categories[:len(b.Categories)-1]
	}
	b.Series = []chart.BarSeries{s}
	return b
}

// exportLog writes the history as CSV or JSON, by extension.
func (t *liveTab) exportLog(path string) error {
	events := t.pipe.Snapshot(midi.Filter{ShowRealtime: true}).Events
	switch strings.ToLower(filepath.Ext(path)) {
	case ".json":
		return files.WriteAtomic(path, func(w io.Writer) error { return midi.WriteLogJSON(w, events) })
	case ".csv":
		return files.WriteAtomic(path, func(w io.Writer) error { return midi.WriteLogCSV(w, events) })
	}
	return fmt.Errorf("cannot tell the log format of %q: name the file .csv or .json", path)
}

func (t *liveTab) openFile() { openDialog(t.w.Win, t.loadFile) }

// loadFile reads a .mid file for replay.
func (t *liveTab) loadFile(path string) error {
	events, _, err := midi.ReadSMFFile(path)
	if err != nil {
		return err
	}
	t.stopPlay()
	t.mu.Lock()
	t.player = &midi.Player{Events: events}
	t.mu.Unlock()
	dur := time.Duration(0)
	if len(events) > 0 {
		dur = events[len(events)-1].At
	}
	t.fileLbl.SetText(fmt.Sprintf("%s: %d messages, %.1f s", filepath.Base(path), len(events), dur.Seconds()))
	t.playBtn.Enable()
	return nil
}

// play replays the loaded file through the pipeline, in real time.
func (t *liveTab) play() {
	t.mu.Lock()
	pl := t.player
	if pl == nil || t.playCancel != nil {
		t.mu.Unlock()
		return
	}
	ctx, cancel := context.WithCancel(context.Background())
	t.playCancel = cancel
	t.mu.Unlock()
	t.playBtn.Disable()
	t.pauseBtn.Enable()
	t.stopBtn.Enable()
	go func() {
		pl.Play(ctx, func(raw []byte, due time.Time) { t.pipe.PushAt("file", raw, due) })
		// nothing left sounding
		for ch := byte(0); ch < 16; ch++ {
			t.pipe.Push("file", []byte{0xb0 | ch, 123, 0})
		}
		t.mu.Lock()
		t.playCancel = nil
		t.player = &midi.Player{Events: pl.Events} // rewind
		t.mu.Unlock()
		doUI(func() {
			t.playBtn.Enable()
			t.pauseBtn.Disable()
			t.stopBtn.Disable()
			t.pauseBtn.SetText("Pause")
		})
	}()
}

func (t *liveTab) pausePlay() {
	t.mu.Lock()
	pl := t.player
	t.mu.Unlock()
	if pl == nil {
		return
	}
	if pl.Paused() {
		pl.Resume()
		t.pauseBtn.SetText("Pause")
	} else {
		pl.Pause()
		t.pauseBtn.SetText("Resume")
	}
}

func (t *liveTab) stopPlay() {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.playCancel != nil {
		t.playCancel()
	}
}

// toggleRecord starts recording, or stops and asks where to save the .mid.
func (t *liveTab) toggleRecord() {
	t.mu.Lock()
	rec := t.rec
	if rec == nil {
		t.rec = midi.Record(t.pipe)
		t.mu.Unlock()
		t.recBtn.SetText("■ Stop recording")
		return
	}
	t.rec = nil
	t.mu.Unlock()
	events := rec.Stop()
	t.recBtn.SetText("● Record")
	if len(events) == 0 {
		dialog.ShowInformation("Recording", "Nothing was played: there is nothing to save.", t.w.Win)
		return
	}
	saveDialog(t.w.Win, "recording.mid", []string{".mid"}, func(path string) error {
		return files.WriteAtomic(path, func(w io.Writer) error { return midi.WriteSMF(w, events) })
	})
}

// runRoundTrip measures MIDI round trips in the background.
func (t *liveTab) runRoundTrip() {
	n, err := strconv.Atoi(strings.TrimSpace(t.rtN.Text))
	if err != nil || n < 1 {
		dialog.ShowError(fmt.Errorf("samples: %q is not a whole number ≥ 1", t.rtN.Text), t.w.Win)
		return
	}
	if t.rtOut.Selected == "" || t.rtIn.Selected == "" {
		dialog.ShowError(fmt.Errorf("pick an output and an input (a loopback cable or an echoing device joins them)"), t.w.Win)
		return
	}
	drv, err := t.drv()
	if err != nil {
		dialog.ShowError(err, t.w.Win)
		return
	}
	out, in := t.rtOut.Selected, t.rtIn.Selected
	t.rtResult.SetText("Measuring…")
	ctx, cancel := context.WithCancel(context.Background())
	t.w.stopOnQuit(cancel)
	t.w.goRun(func() {
		rt, err := midi.MeasureRoundTrip(ctx, drv, out, in, n, time.Second, 10*time.Millisecond)
		if rt == nil {
			doUI(func() { t.rtResult.SetText("Failed: " + err.Error()) })
			return
		}
		s := rt.Summary
		text := fmt.Sprintf("%d sent, %d back, %d lost (1 s timeout)\nmin %.0f µs · mean %.0f µs · p50 %.0f µs · p99 %.0f µs · max %.0f µs · jitter %.0f µs",
			rt.Sent, len(rt.Samples), rt.Lost, s.MinUS, s.MeanUS, s.P50US, s.P99US, s.MaxUS, rt.JitterUS)
		t.rtChart.SetChart(midi.RoundTripChart(rt))
		doUI(func() { t.rtResult.SetText(text) })
	})
}
