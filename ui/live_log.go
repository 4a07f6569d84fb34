package ui

import (
	"fmt"
	"io"
	"path/filepath"
	"strconv"
	"strings"
	"sync"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"benchtop/devices/midi"
	"benchtop/internal/files"
)

// liveLog is the message log: the newest 2,000 messages that pass the type
// and channel filters, with pause, clear, auto-scroll and export.
type liveLog struct {
	w      *window
	pipe   *midi.Pipeline
	table  *textTable
	auto   *widget.Check
	types  *widget.Select
	chans  *widget.Select
	paused bool
	parts  bool // show the messages folded into assembled events
	rows   []logRow
	last   logKey // newest message and assembled event shown

	mu  sync.Mutex
	flt midi.Filter // read by the refresh loop, set by the selects
}

const logRows = 2000

// logHeader names the log's columns.
var logHeader = []string{"time ms", "Δt ms", "port", "type", "ch", "data", "raw"}

func newLiveLog(w *window, pipe *midi.Pipeline) *liveLog {
	l := &liveLog{w: w, pipe: pipe, flt: midi.Filter{Last: logRows}}
	l.table = newTextTable(logHeader, []float32{95, 85, 120, 120, 40, 200, 100},
		func() int { return len(l.rows) },
		func(row, col int) string { return l.cell(row+1, col) },
		func(row int) bool { return l.rows[row].asm != nil })
	l.auto = widget.NewCheck("auto-scroll", nil)
	l.auto.SetChecked(true)
	// Selecting a row means reading it: stop following new messages until
	// auto-scroll is ticked again.
	l.table.OnSelected = func(int) { l.auto.SetChecked(false) }
	// So does scrolling back: the rows read stay in view.
	l.table.OnScrolledUp = func() { l.auto.SetChecked(false) }
	types := []string{"all types", midi.TypeNoteOn, midi.TypeNoteOff, midi.TypeCC, midi.TypePitchBend, midi.TypeAftertouch,
		midi.TypePolyPressure, midi.TypeProgram, midi.TypeSysEx, midi.TypeClock, midi.TypeActiveSense, midi.TypeRealtime, midi.TypeAssembled}
	l.types = widget.NewSelect(types, func(string) { l.setFilter() })
	chans := []string{"all channels"}
	for i := 1; i <= 16; i++ {
		chans = append(chans, "channel "+strconv.Itoa(i))
	}
	l.chans = widget.NewSelect(chans, func(string) { l.setFilter() })
	l.types.SetSelected("all types")
	l.chans.SetSelected("all channels")
	return l
}

func (l *liveLog) view() fyne.CanvasObject {
	pause := widget.NewCheck("pause", func(b bool) { l.paused = b })
	parts := widget.NewCheck("parts", func(b bool) { l.parts = b; l.last = logKey{}; l.pipe.Touch() })
	clear := widget.NewButton("Clear", func() { l.pipe.Clear(); l.rows = nil; l.table.Refresh() })
	export := widget.NewButton("Export log…", func() {
		saveDialog(l.w.Win, "midi-log.csv", []string{".csv", ".json"}, l.export)
	})
	return container.NewBorder(container.NewHBox(pause, parts, clear, l.auto, l.types, l.chans, export), nil, nil, nil, l.table)
}

// setFilter reads the selects (UI goroutine) for the refresh loop.
func (l *liveLog) setFilter() {
	f := midi.Filter{Last: logRows}
	if sel := l.types.Selected; sel != "" && sel != "all types" {
		f.Types = map[string]bool{sel: true}
		f.ShowRealtime = true
	}
	if c := l.chans.Selected; strings.HasPrefix(c, "channel ") {
		f.Channel, _ = strconv.Atoi(strings.TrimPrefix(c, "channel "))
	}
	l.mu.Lock()
	l.flt = f
	l.mu.Unlock()
	l.last = logKey{} // the rows change with the filter: redraw
	l.pipe.Touch()
}

func (l *liveLog) filter() midi.Filter {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.flt
}

// takes tells whether show would take rows: the tab reads the log's
// 2,000 rows from the pipeline only then. UI goroutine.
func (l *liveLog) takes() bool { return !l.paused }

// show takes the newest rows when there are new ones. It is one of the
// Live tab's heavy parts (the rows in view are drawn again: one new
// texture), called at most 5 times a second. UI goroutine.
func (l *liveLog) show(v midi.View) {
	newest := keyOf(v)
	if l.paused || (newest == l.last && newest != (logKey{})) || (newest == (logKey{}) && len(l.rows) == 0) {
		return
	}
	l.last = newest
	l.rows = mergeRows(v, l.parts, logRows)
	l.table.Refresh()
	if l.auto.Checked {
		l.table.ScrollToBottom()
	}
}

func (l *liveLog) cell(row, col int) string {
	if row == 0 {
		return logHeader[col]
	}
	if row-1 >= len(l.rows) {
		return ""
	}
	return l.rows[row-1].cell(col)
}

// export writes the history as CSV or JSON, by extension.
func (l *liveLog) export(path string) error {
	v := l.pipe.Snapshot(midi.Filter{ShowRealtime: true})
	events := v.Events
	switch strings.ToLower(filepath.Ext(path)) {
	case ".json":
		return files.WriteAtomic(path, func(w io.Writer) error { return midi.WriteLogJSONAssembled(w, events, v.Assembled) })
	case ".csv":
		return files.WriteAtomic(path, func(w io.Writer) error { return midi.WriteLogCSV(w, events, v.Assembled) })
	}
	return fmt.Errorf("cannot tell the log format of %q: name the file .csv or .json", path)
}
