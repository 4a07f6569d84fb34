// Package keytopixel measures key to pixel: how long an input takes from
// its arrival to Fyne's paint of the first frame that shows it. The Live
// tab and the floor program (scripts/fynefloor, a bare window doing the
// least any Fyne program can) use the same probe and the same stream, so
// their numbers compare.
package keytopixel

import (
	"fmt"
	"image"
	"sync"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"

	"benchtop/internal/measure/stats"
)

// Probe is a 1×1 transparent raster: refreshed in the frame that shows new
// inputs, Fyne calls its generator while drawing that frame — the stamp at
// paint. Over puts it where it is drawn last, after what it times.
type Probe struct {
	Raster *canvas.Raster
	img    *image.NRGBA

	mu      sync.Mutex
	pending []time.Time // arrivals waiting for their frame
	rec     *stats.Recorder
}

// NewProbe makes a probe with nothing recorded.
func NewProbe() *Probe {
	p := &Probe{img: image.NewNRGBA(image.Rect(0, 0, 1, 1)), rec: stats.NewRecorder()}
	p.Raster = canvas.NewRaster(p.paint)
	p.Raster.SetMinSize(fyne.NewSize(1, 1))
	return p
}

// paint runs in Fyne's draw of the frame that carries the refresh.
func (p *Probe) paint(int, int) image.Image {
	now := time.Now()
	p.mu.Lock()
	for _, t := range p.pending {
		p.rec.Record(now.Sub(t))
	}
	p.pending = p.pending[:0]
	p.mu.Unlock()
	return p.img
}

// Expect notes inputs that arrived at ats and that the next frame shows,
// and asks for the stamp in that frame. UI goroutine.
func (p *Probe) Expect(ats ...time.Time) {
	if len(ats) == 0 {
		return
	}
	p.mu.Lock()
	p.pending = append(p.pending, ats...)
	p.mu.Unlock()
	p.Raster.Refresh()
}

// Over is content with the probe drawn after it (at its top left corner,
// 1×1 and transparent): the stamp comes when all of it is drawn.
func (p *Probe) Over(content fyne.CanvasObject) fyne.CanvasObject {
	p.Raster.Resize(fyne.NewSize(1, 1))
	return container.NewStack(content, container.NewWithoutLayout(p.Raster))
}

// Pending is how many inputs wait for a paint.
func (p *Probe) Pending() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return len(p.pending)
}

// Summary is what was recorded so far.
func (p *Probe) Summary() stats.Summary {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.rec.Summary()
}

// Line says it in one line ("key → pixel: p50 … ms, p99 … ms, …"); ""
// before the first paint.
func (p *Probe) Line() string {
	s := p.Summary()
	if s.Count == 0 {
		return ""
	}
	return fmt.Sprintf("key → pixel: p50 %.1f ms, p99 %.1f ms, max %.1f ms (%d messages)", s.P50US/1000, s.P99US/1000, s.MaxUS/1000, s.Count)
}
