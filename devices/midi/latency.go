package midi

import (
	"context"
	"errors"
	"fmt"
	"time"

	"gitlab.com/gomidi/midi/v2/drivers"

	"benchtop/internal/hrclock"
	"benchtop/internal/measure/stats"
)

// RoundTrip is the result of a MIDI round-trip measurement.
type RoundTrip struct {
	Out, In  string
	Sent     int
	Lost     int // no echo within the timeout
	Samples  []time.Duration
	Summary  stats.Summary
	JitterUS float64 // mean absolute difference of consecutive samples
}

// MeasureRoundTrip sends n note-ons to out and times each one's return on
// in (a loopback cable, an echoing device, a virtual port). A note that is
// not back within timeout is lost. Each note-on is followed by its
// note-off, so nothing is left sounding.
func MeasureRoundTrip(ctx context.Context, drv drivers.Driver, outName, inName string, n int, timeout, interval time.Duration) (*RoundTrip, error) {
	if n < 1 {
		return nil, errors.New("need at least one sample")
	}
	out, err := FindOut(drv, outName)
	if err != nil {
		return nil, err
	}
	in, err := FindIn(drv, inName)
	if err != nil {
		return nil, err
	}
	if err := out.Open(); err != nil {
		return nil, fmt.Errorf("opening %q: %w", out.String(), err)
	}
	defer out.Close()
	if err := in.Open(); err != nil {
		return nil, fmt.Errorf("opening %q: %w", in.String(), err)
	}
	defer in.Close()
	type arrival struct {
		raw [3]byte
		at  time.Time
	}
	back := make(chan arrival, 64)
	// listen before sending (testdrv delivers inside Send)
	stop, err := in.Listen(func(msg []byte, _ int32) {
		now := hrclock.Now()
		if len(msg) == 3 && msg[0]&0xf0 == 0x90 && msg[2] > 0 {
			select {
			case back <- arrival{[3]byte{msg[0], msg[1], msg[2]}, now}:
			default:
			}
		}
	}, drivers.ListenConfig{})
	if err != nil {
		return nil, fmt.Errorf("listening on %q: %w", in.String(), err)
	}
	defer stop()

	rt := &RoundTrip{Out: out.String(), In: in.String()}
	rec := stats.NewRecorder()
	for i := 0; i < n; i++ {
		if err := ctx.Err(); err != nil {
			break
		}
		// distinct (note, velocity) per probe so a late echo is not taken
		// for the next one
		note := byte(36 + i%48)
		vel := byte(1 + (i/48)%126)
		msg := []byte{0x90, note, vel}
		t0 := hrclock.Now()
		if err := out.Send(msg); err != nil {
			return nil, fmt.Errorf("sending to %q: %w", out.String(), err)
		}
		rt.Sent++
		deadline := time.NewTimer(timeout)
	wait:
		for {
			select {
			case a := <-back:
				if a.raw[1] == note && a.raw[2] == vel {
					d := a.at.Sub(t0)
					rt.Samples = append(rt.Samples, d)
					rec.Record(d)
					break wait
				}
			case <-deadline.C:
				rt.Lost++
				rec.RecordError()
				break wait
			case <-ctx.Done():
				break wait
			}
		}
		deadline.Stop()
		if err := out.Send([]byte{0x80, note, 0}); err != nil {
			return nil, fmt.Errorf("sending to %q: %w", out.String(), err)
		}
		if interval > 0 {
			select {
			case <-time.After(interval):
			case <-ctx.Done():
			}
		}
	}
	rt.Summary = rec.Summary()
	for i := 1; i < len(rt.Samples); i++ {
		d := rt.Samples[i] - rt.Samples[i-1]
		if d < 0 {
			d = -d
		}
		rt.JitterUS += float64(d) / 1e3
	}
	if len(rt.Samples) > 1 {
		rt.JitterUS /= float64(len(rt.Samples) - 1)
	}
	return rt, ctx.Err()
}
