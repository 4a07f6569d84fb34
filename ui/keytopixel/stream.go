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

// Stream is a bench's input: Rate messages a second for Seconds. Direct
// (the Live tab only) bypasses its pipeline: each message recolours a key
// through fyne.Do, as the floor program does — the floor of that window.
type Stream struct {
	Rate, Seconds int
	Direct        bool
}

// ParseStream reads "RATE,SECONDS" or "RATE,SECONDS,direct"
// (BENCHTOP_BENCH_MIDI, the floor program's argument).
func ParseStream(s string) (Stream, error) {
	fields := strings.Split(strings.TrimSpace(s), ",")
	var st Stream
	if len(fields) == 3 && fields[2] == "direct" {
		st.Direct, fields = true, fields[:2]
	}
	var err1, err2 error
	if len(fields) == 2 {
		st.Rate, err1 = strconv.Atoi(fields[0])
		st.Seconds, err2 = strconv.Atoi(fields[1])
	}
	if len(fields) != 2 || err1 != nil || err2 != nil {
		return Stream{}, fmt.Errorf("%q: want RATE,SECONDS (messages a second, seconds; e.g. 23,8), or RATE,SECONDS,direct", s)
	}
	for _, err := range []error{
		settings.IntIn("RATE", "the rate", st.Rate, 1, 20000),
		settings.IntIn("SECONDS", "the duration in seconds", st.Seconds, 1, 600),
	} {
		if err != nil {
			return Stream{}, fmt.Errorf("%q: %w", s, err)
		}
	}
	return st, nil
}

// Settling around a bench (variables for the tests): before the stream,
// at least settleBefore and then until the process is at rest — under
// restCPU of a core over restWindow, twice in a row — or settleMax; after
// the last message, settleAfter for the last frames. Benchtop's start (the
// first device and port scans, the tools it looks for, the first charts)
// keeps both cores busy for about 2 s from launch here, mostly before the
// window shows; on a slower machine it runs on after it, and a stream
// begun then would time that start, not the keys (the floor program has
// none). A player's first key comes later too.
var (
	settleBefore = time.Second
	settleMax    = 10 * time.Second
	settleAfter  = 500 * time.Millisecond
	restWindow   = 250 * time.Millisecond
)

const restCPU = 0.10

// settle waits for the process to come to rest (see settleBefore) and
// says how long it waited and how that ended: "at rest", "not at rest"
// (settleMax passed), or "" where CPU time is not measured; false when
// ctx ended.
func settle(ctx context.Context) (time.Duration, string, bool) {
	start := time.Now()
	if !sleep(ctx, settleBefore) {
		return 0, "", false
	}
	quiet := 0
	for quiet < 2 && time.Since(start) < settleMax {
		c0, ok0 := cpuTime()
		t0 := time.Now()
		if !sleep(ctx, restWindow) {
			return 0, "", false
		}
		c1, ok1 := cpuTime()
		if !ok0 || !ok1 {
			return time.Since(start), "", true // not measured here: the fixed settle only
		}
		if (c1 - c0).Seconds() < restCPU*time.Since(t0).Seconds() {
			quiet++
		} else {
			quiet = 0
		}
	}
	if quiet < 2 {
		return time.Since(start), "not at rest", true
	}
	return time.Since(start), "at rest", true
}

// Bench feeds s to send (send(i) for the i-th message, from this
// goroutine, at the rate: as many as the rate says by now, so a ticker
// that falls behind does not slow the stream), lets the last frames paint,
// and writes one line to out: the probe's summary, the CPU the process
// used meanwhile, as a share of one core, and how long the window took to
// come to rest before the stream. Call it once the window shows.
func Bench(ctx context.Context, s Stream, p *Probe, send func(i int), out io.Writer) error {
	settled, rest, ok := settle(ctx)
	if !ok {
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
	line += fmt.Sprintf(" · stream began %.1f s after the window showed", settled.Seconds())
	if rest != "" {
		line += ", " + rest
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
