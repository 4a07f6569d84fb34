package ui

import (
	"context"
	"fmt"
	"sync"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"benchtop/devices/known"
	"benchtop/devices/midi"
)

// livePorts lists the MIDI inputs and follows every ticked one: a port is
// reopened by name when its device is unplugged and plugged back. Messages
// of all of them meet in the one pipeline, each marked with its port.
type livePorts struct {
	w       *window
	backend *midi.Backend
	pipe    *midi.Pipeline
	onCard  func(*known.Card)        // a known device was connected
	onPorts func(ins, outs []string) // the lists changed (round trip)
	sel     *widget.CheckGroup
	msg     *widget.Label

	mu      sync.Mutex
	follows map[string]context.CancelFunc // port name → stop following
}

func newLivePorts(w *window, backend *midi.Backend, pipe *midi.Pipeline, onCard func(*known.Card), onPorts func(ins, outs []string)) *livePorts {
	p := &livePorts{w: w, backend: backend, pipe: pipe, onCard: onCard, onPorts: onPorts, follows: map[string]context.CancelFunc{}}
	p.sel = widget.NewCheckGroup(nil, p.connect)
	p.sel.Horizontal = true
	p.msg = widget.NewLabel("")
	p.msg.Wrapping = fyne.TextWrapWord
	return p
}

func (p *livePorts) view() fyne.CanvasObject {
	rescan := widget.NewButton("Rescan", p.rescan)
	return container.NewVBox(
		container.NewBorder(nil, nil, widget.NewLabel("Inputs"), rescan, container.NewHScroll(p.sel)), p.msg)
}

// rescan lists the ports off the UI goroutine (the backend may be slow to
// open) and shows them; with none, it says why.
func (p *livePorts) rescan() {
	go func() {
		drv, err := p.backend.Driver()
		ports := midi.List(drv, "/proc/asound", err)
		var ins, outs []string
		for _, pt := range ports.Ins {
			ins = append(ins, pt.Name)
		}
		for _, pt := range ports.Outs {
			outs = append(outs, pt.Name)
		}
		doUI(func() { p.show(ports, ins, outs) })
	}()
}

func (p *livePorts) show(ports midi.Ports, ins, outs []string) {
	p.sel.Options = ins
	p.sel.Refresh()
	p.onPorts(ins, outs)
	switch {
	case ports.Problem != "":
		p.msg.SetText(ports.Problem + ". The screen keyboard and file replay work without it.")
	case len(ins) == 0:
		p.msg.SetText("No MIDI inputs. Plug in a keyboard and press Rescan.")
	default:
		p.msg.SetText(fmt.Sprintf("%d input(s).", len(ins)))
		if len(p.sel.Selected) == 0 {
			for _, pt := range ports.Ins { // a known keyboard connects itself
				if pt.Known != nil {
					p.sel.SetSelected([]string{pt.Name})
					break
				}
			}
		}
	}
}

// connect follows every ticked input and stops following the others.
func (p *livePorts) connect(names []string) {
	drv, err := p.backend.Driver()
	if err != nil {
		p.msg.SetText(err.Error())
		return
	}
	want := map[string]bool{}
	for _, n := range names {
		want[n] = true
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	for n, stop := range p.follows {
		if !want[n] {
			stop()
			delete(p.follows, n)
		}
	}
	for _, name := range names {
		if _, ok := p.follows[name]; ok {
			continue
		}
		ctx, cancel := context.WithCancel(context.Background())
		p.follows[name] = cancel
		if c := known.ByPortName(name); c != nil {
			p.onCard(c)
		}
		go midi.Follow(ctx, drv, name, p.pipe, time.Second, func(s string) {
			doUI(func() { p.msg.SetText(midi.BaseName(name) + ": " + s) })
		})
	}
}

// stopAll stops following every port (the window closes).
func (p *livePorts) stopAll() {
	p.mu.Lock()
	defer p.mu.Unlock()
	for n, stop := range p.follows {
		stop()
		delete(p.follows, n)
	}
}
