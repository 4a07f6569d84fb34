package midi

import (
	"context"
	"fmt"
	"time"

	"gitlab.com/gomidi/midi/v2/drivers"
)

// listenConfig passes everything; the view hides clock and active sensing.
var listenConfig = drivers.ListenConfig{SysEx: true, ActiveSense: true, TimeCode: true, SysExBufferSize: 64 << 10}

// Listen opens the input port named name and pushes every message into p,
// stamped in the callback. The returned stop closes the port.
func Listen(drv drivers.Driver, name string, p *Pipeline) (stop func(), err error) {
	in, err := FindIn(drv, name)
	if err != nil {
		return nil, err
	}
	if err := in.Open(); err != nil {
		return nil, fmt.Errorf("opening MIDI input %q: %w", in.String(), err)
	}
	port := BaseName(in.String())
	stopListen, err := in.Listen(func(msg []byte, _ int32) { p.Push(port, msg) }, listenConfig)
	if err != nil {
		in.Close()
		return nil, fmt.Errorf("listening on %q: %w", in.String(), err)
	}
	return func() {
		stopListen()
		in.Close()
	}, nil
}

// Follow keeps an input open across unplug and replug: it polls the port
// list every interval, closes the port when it disappears and reopens it
// (by name without ALSA's client:port suffix) when it comes back. state
// receives "listening", "gone" or an error text. It returns when ctx ends.
func Follow(ctx context.Context, drv drivers.Driver, name string, p *Pipeline, interval time.Duration, state func(string)) {
	var stop func()
	defer func() {
		if stop != nil {
			stop()
		}
	}()
	present := func() bool {
		ins, err := drv.Ins()
		if err != nil {
			return false
		}
		for _, in := range ins {
			if BaseName(in.String()) == BaseName(name) || in.String() == name {
				return true
			}
		}
		return false
	}
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		here := present()
		switch {
		case here && stop == nil:
			s, err := Listen(drv, name, p)
			if err != nil {
				state(err.Error())
			} else {
				stop = s
				state("listening")
			}
		case !here && stop != nil:
			stop()
			stop = nil
			state("gone")
		case !here:
			state("waiting for " + BaseName(name))
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}
