package ui

import (
	"fmt"
	"sort"
	"strings"
	"sync"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"benchtop/devices/known"
	"benchtop/devices/midi"
	"benchtop/internal/measure/chart"
	"benchtop/ui/keytopixel"
)

// liveSide is the panel beside the log: pitch bend, a meter per controller
// seen (named from the device's card), statistics, the stuck-note warning
// and the histogram of gaps between messages. The meters' bars follow
// every frame (showMeters); their text, the statistics and the charts are
// the tab's heavy parts (show), a few times a second. Each widget is set
// only when its value changed.
type liveSide struct {
	bend   *meter
	meters *fyne.Container
	bars   map[int]*meter // channel<<8 | cc
	stats  *textBlock     // one texture, however many lines
	stuck  *widget.Label
	gaps   *chartView
	tempo  *chartView // BPM a beat at a time, from the clock
	probe  *keytopixel.Probe
	newCCs []int // controllers first seen in a frame; UI goroutine

	mu       sync.Mutex
	card     *known.Card
	gapsSeen []midi.GapBin
	gapsAt   time.Time
	tempoN   int // tempo points drawn
	tempoAt  time.Time
}

// gapsInterval: the histogram re-renders at most twice a second.
const gapsInterval = 500 * time.Millisecond

func newLiveSide(w *window, probe *keytopixel.Probe) *liveSide {
	s := &liveSide{bars: map[int]*meter{}, card: &known.AKM322, probe: probe}
	s.bend = newMeter(-8192, 8191, func(v float64) string { return fmt.Sprintf("pitch bend %+.0f", v) })
	s.meters = container.NewVBox()
	s.stats = newTextBlock()
	s.stuck = widget.NewLabel("")
	s.stuck.Importance = widget.DangerImportance
	s.gaps = newChartView(w.App)
	s.tempo = newChartView(w.App)
	return s
}

func (s *liveSide) view() fyne.CanvasObject {
	side := container.NewVScroll(container.NewVBox(
		widget.NewLabelWithStyle("Controllers", fyne.TextAlignLeading, fyne.TextStyle{Bold: true}), s.bend, s.meters,
		widget.NewLabelWithStyle("Statistics", fyne.TextAlignLeading, fyne.TextStyle{Bold: true}), s.stats, s.stuck))
	charts := container.NewAppTabs(newTabItem("Gaps", s.gaps), newTabItem("Tempo", s.tempo))
	split := container.NewVSplit(side, charts)
	split.Offset = 0.6 // the statistics in view at the default size
	return split
}

func (s *liveSide) setCard(c *known.Card) {
	s.mu.Lock()
	s.card = c
	s.mu.Unlock()
}

// showMeters moves the bend and controller bars to k (their text waits
// for show). UI goroutine, at every frame with news.
func (s *liveSide) showMeters(k *midi.Keys) {
	s.bend.setValue(float64(k.Bend))
	s.newCCs = s.newCCs[:0]
	for cc, val := range k.CC {
		if bar, ok := s.bars[cc]; ok {
			bar.setValue(float64(val))
		} else {
			s.newCCs = append(s.newCCs, cc)
		}
	}
	if len(s.newCCs) == 0 {
		return
	}
	sort.Ints(s.newCCs) // meters in the order of their numbers
	s.mu.Lock()
	card := s.card
	s.mu.Unlock()
	for _, key := range s.newCCs {
		cc := key & 0xff
		name := card.ControlName(cc)
		if name == "" {
			name = midi.CCName(cc)
		}
		label := fmt.Sprintf("CC%d %s (ch %d)", cc, name, key>>8)
		bar := newMeter(0, 127, func(v float64) string { return fmt.Sprintf("%s: %.0f", label, v) })
		bar.setValue(float64(k.CC[key]))
		bar.setLabel()
		s.bars[key] = bar
		s.meters.Add(bar)
	}
}

// show sets the meters' text, the statistics and the stuck-note warning
// from a view: the tab's heavy parts, a few times a second. UI goroutine.
func (s *liveSide) show(v midi.View) {
	s.bend.setLabel()
	for _, bar := range s.bars {
		bar.setLabel()
	}
	text := statsText(v)
	if k2p := s.probe.Line(); k2p != "" {
		text = k2p + "\n" + text // first: the panel is short
	}
	s.stats.SetText(text)
	stuck := ""
	if len(v.Stuck) > 0 {
		var names []string
		for _, h := range v.Stuck {
			names = append(names, midi.NoteName(h.Note))
		}
		stuck = fmt.Sprintf("Stuck note? Held over %v: %s (a lost note-off)", midi.StuckAfter, strings.Join(names, " "))
	}
	setText(s.stuck, stuck)
}

func statsText(v midi.View) string {
	var counts []string
	for typ, n := range v.Model.Counts {
		counts = append(counts, fmt.Sprintf("%s %d", typ, n))
	}
	sort.Strings(counts)
	held := make([]string, 0, len(v.Model.Held))
	for _, h := range v.Model.Held {
		held = append(held, midi.NoteName(h.Note))
	}
	sort.Strings(held)
	return fmt.Sprintf("%.0f messages/s · %d in all · %d dropped from history (keeps %d)\nheld: %s\n%s%s",
		v.Rate, v.Model.Total, v.Model.Dropped, v.Capacity, orNone(strings.Join(held, " ")), clockText(v), strings.Join(counts, " · "))
}

// clockText is the tempo of the clock, the timecode, the song position,
// the MPE zones and the parameters set, a line each, when there are any
// (with the statistics: at most 5 new texts a second).
func clockText(v midi.View) string {
	var b strings.Builder
	if tp := v.Tempo; tp.Clocks > 0 || tp.State != "" {
		fmt.Fprintf(&b, "clock: %.1f BPM · jitter %.0f µs over %d clocks", tp.BPM, tp.JitterUS, tp.Clocks)
		if tp.State != "" {
			b.WriteString(" · " + tp.State)
		}
		b.WriteString("\n")
	}
	set := v.Settings
	if tc := set.Timecode; tc != nil {
		fmt.Fprintf(&b, "timecode: %s (%s)\n", tc, tc.Source)
	}
	if sp := set.SongPosition; sp != nil {
		fmt.Fprintf(&b, "song position: MIDI beat %d (bar %d.%d.%d in 4/4)\n", *sp, *sp/16+1, *sp%16/4+1, *sp%4+1)
	}
	for _, z := range v.MPEZones {
		if z.Members > 0 {
			fmt.Fprintf(&b, "MPE %s zone: manager channel %d, members %d–%d\n", z.Zone, z.Manager, z.First, z.Last)
		}
	}
	for i, vc := range v.MPEVoices { // a voice a member channel: its own bend, pressure, timbre
		if i == 8 {
			fmt.Fprintf(&b, "… and %d more voices\n", len(v.MPEVoices)-i)
			break
		}
		fmt.Fprintf(&b, "voice %s (ch %d): bend %+.2f st · pressure %d · timbre %d\n", midi.NoteName(vc.Note), vc.Channel, vc.Semitones, vc.Pressure, vc.Timbre)
	}
	if len(set.Params) > 0 { // newest first, one paragraph: the block wraps it
		b.WriteString("set: ")
		for i, pv := range set.Params {
			if i > 0 {
				b.WriteString(" · ")
			}
			b.WriteString(pv.Text)
		}
		b.WriteString("\n")
	}
	return b.String()
}

// setText changes a label only when the text differs: a label refresh is
// a repaint.
func setText(l *widget.Label, text string) {
	if l.Text != text {
		l.SetText(text)
	}
}

func orNone(s string) string {
	if s == "" {
		return "none"
	}
	return s
}

// gapsChanged returns the gap histogram to render, or nil when it has not
// changed or was rendered less than gapsInterval ago.
func (s *liveSide) gapsChanged(bins []midi.GapBin) chart.Chart {
	if time.Since(s.gapsAt) < gapsInterval || sameBins(bins, s.gapsSeen) {
		return nil
	}
	s.gapsAt = time.Now()
	s.gapsSeen = append(s.gapsSeen[:0], bins...)
	return gapChart(bins)
}

// tempoChanged returns the tempo chart to render when tempo points came
// since the last one and it was rendered at least gapsInterval ago (one
// point a beat: at most twice a second), else nil. UI goroutine.
func (s *liveSide) tempoChanged(n int, history func() ([]midi.TempoPoint, int)) chart.Chart {
	if n == s.tempoN || time.Since(s.tempoAt) < gapsInterval {
		return nil
	}
	points, n := history()
	s.tempoN, s.tempoAt = n, time.Now()
	return tempoChart(points)
}

// tempoChart is the clock's BPM over time, a point a beat.
func tempoChart(points []midi.TempoPoint) chart.Chart {
	xy := chart.XY{Name: "BPM"}
	for _, p := range points {
		xy.X = append(xy.X, p.TUS/1e6)
		xy.Y = append(xy.Y, p.BPM)
	}
	return chart.Lines{Title: "Tempo from the clock (a point a beat)", XLabel: "s", YLabel: "BPM", Series: []chart.XY{xy}}
}

func sameBins(a, b []midi.GapBin) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// gapChart is the histogram of the time between messages, in log2 bins.
func gapChart(bins []midi.GapBin) chart.Chart {
	b := chart.Bars{Title: "Time between messages (log₂ bins)", YLabel: "messages", ValueFormat: "%.0f"}
	ser := chart.BarSeries{Name: "gaps"}
	for _, bin := range bins {
		if bin.Count == 0 && len(b.Categories) == 0 {
			continue // skip the empty short end
		}
		b.Categories = append(b.Categories, chart.FormatUS(bin.HiUS))
		ser.Values = append(ser.Values, float64(bin.Count))
	}
	for len(ser.Values) > 0 && ser.Values[len(ser.Values)-1] == 0 { // trim the empty long end
		ser.Values = ser.Values[:len(ser.Values)-1]
		b.Categories = b.Categories[:len(b.Categories)-1]
	}
	b.Series = []chart.BarSeries{ser}
	return b
}
