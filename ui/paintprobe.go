package ui

import (
	"fmt"
	"image"
	"sync"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"

	"benchtop/devices/midi"
	"benchtop/internal/measure/stats"
)

// paintProbe measures key to pixel: how long a MIDI message takes from the
// driver's callback (its stamp in the pipeline) to the first frame that
// shows it. It is a 1×1 transparent raster in the Live tab: when a frame
// with new messages is prepared it is refreshed, and Fyne calls its
// generator while drawing that frame — the stamp at paint.
type paintProbe struct {
	raster  *canvas.Raster
	img     *image.NRGBA
	lastSeq uint64 // UI goroutine

	mu      sync.Mutex
	pending []time.Time // arrivals waiting for their frame
	rec     *stats.Recorder
}

func newPaintProbe() *paintProbe {
	p := &paintProbe{img: image.NewNRGBA(image.Rect(0, 0, 1, 1)), rec: stats.NewRecorder()}
	p.raster = canvas.NewRaster(p.paint)
	p.raster.SetMinSize(fyne.NewSize(1, 1))
	return p
}

// paint runs on Fyne's draw of the frame that carries the refresh.
func (p *paintProbe) paint(int, int) image.Image {
	now := time.Now()
	p.mu.Lock()
	for _, t := range p.pending {
		p.rec.Record(now.Sub(t))
	}
	p.pending = p.pending[:0]
	p.mu.Unlock()
	return p.img
}

// expect notes the messages of a view about to be shown. UI goroutine.
func (p *paintProbe) expect(v midi.View) {
	fresh := false
	p.mu.Lock()
	for _, ev := range v.Events {
		if ev.Seq > p.lastSeq {
			p.pending = append(p.pending, v.Start.Add(ev.At))
			p.lastSeq = ev.Seq
			fresh = true
		}
	}
	p.mu.Unlock()
	if fresh {
		p.raster.Refresh()
	}
}

// summary is what the statistics say; "" before the first message.
func (p *paintProbe) summary() string {
	p.mu.Lock()
	s := p.rec.Summary()
	p.mu.Unlock()
	if s.Count == 0 {
		return ""
	}
	return fmt.Sprintf("key → pixel: p50 %.1f ms, p99 %.1f ms, max %.1f ms (%d messages)", s.P50US/1000, s.P99US/1000, s.MaxUS/1000, s.Count)
}
