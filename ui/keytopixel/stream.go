package keytopixel

import (
	"context"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"benchtop/internal/settings"
)

// Stream is a bench's input: Rate messages a second for Seconds.
type Stream struct{ Rate, Seconds int }

// ParseStream reads "RATE,SECONDS" (BENCHTOP_BENCH_MIDI, the floor
// program's argument).
func ParseStream(s string) (Stream, error) {
	r, sec, ok := strings.Cut(strings.TrimSpace(s), ",")
	rate, err1 := strconv.Atoi(r)
	secs, err2 := strconv.Atoi(sec)
	if !ok || err1 != nil || err2 != nil {
		return Stream{}, fmt.Errorf("%q: want RATE,SECONDS (messages a second, seconds), e.g. 23,8", s)
	}
	if err := settings.IntIn("RATE", "the rate", rate, 1, 20000); err != nil {
		return Stream{}, err
	}
	if err := settings.IntIn("SECONDS", "the duration in seconds", secs, 1, 600); err != nil {
		return Stream{}, err
	}
	return Stream{rate, secs}, nil
}

// Settling times around a bench: the first frames after the window shows,
// and the last frames after the last message.
const (
	settleBefore = time.Second
	settleAfter  = 500 * time.Millisecond
)

// Bench feeds s to send (send(i) for the i-th message, from this
// goroutine, at the rate: as many as the rate says by now, so a ticker
// that falls behind does not slow the stream), lets the last frames paint,
// and writes one line to out: the probe's summary and the CPU the process
// used meanwhile, as a share of one core. Call it once the window shows.
func Bench(ctx context.Context, s Stream, p *Probe, send func(i int), out io.Writer) error {
	if !sleep(ctx, settleBefore) {
		return ctx.Err()
	}
	cpu0, cpuOK := cpuTime()
	start := time.Now()
	tick := time.NewTicker(time.Millisecond)
	defer tick.Stop()
	total := s.Rate * s.Seconds
	for i := 0; i < total; {
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-tick.C:
		}
		due := min(total, int(time.Since(start).Seconds()*float64(s.Rate)))
		for ; i < due; i++ {
			send(i)
		}
	}
	if !sleep(ctx, settleAfter) {
		return ctx.Err()
	}
	line := p.Line()
	if cpu1, ok := cpuTime(); ok && cpuOK {
		line += fmt.Sprintf(" · CPU %.1f%% of a core", 100*(cpu1-cpu0).Seconds()/time.Since(start).Seconds())
	}
	_, err := fmt.Fprintln(out, "bench:", line)
	return err
}

func sleep(ctx context.Context, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return false
	case <-t.C:
		return true
	}
}
