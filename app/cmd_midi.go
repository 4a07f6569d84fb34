package app

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"benchtop/devices/midi"
	"benchtop/internal/files"
	"benchtop/internal/measure/chart"
	"benchtop/internal/settings"
	"benchtop/internal/term"
)

func init() {
	register(command{name: "midi", summary: "MIDI ports: list, monitor (and record), replay a .mid file, decode a .mid/.syx/log, round-trip latency", run: runMIDI})
}

const midiUsage = `list | monitor | replay | decode | send | latency

  benchtop midi list [--json]
  benchtop midi monitor [--port NAME] [--record FILE.mid] [--log FILE.csv|.json] [--json] [--realtime]
  benchtop midi replay FILE.mid [--to PORT] [--json]
  benchtop midi decode FILE(.mid|.syx|.json) [--json [FILE|-]] [--messages] [--realtime]
  benchtop midi send --to PORT (--identity | --hex 'F0 … F7' | FILE.syx) [--in PORT [--wait D]] [--json]
  benchtop midi latency --out PORT --in PORT [-n N] [--timeout D] [--interval D] [--json F] [--chart F]`

func runMIDI(ctx context.Context, env Env, args []string) error {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		fmt.Fprintf(env.Stderr, "Usage: benchtop midi %s\n", midiUsage)
		if len(args) == 0 {
			return usagef("midi: name a subcommand: list, monitor, replay, decode, send or latency")
		}
		return errHelpShown
	}
	switch args[0] {
	case "list":
		return midiList(env, args[1:])
	case "monitor":
		return midiMonitor(ctx, env, args[1:])
	case "replay":
		return midiReplay(ctx, env, args[1:])
	case "decode":
		return midiDecode(ctx, env, args[1:])
	case "send":
		return midiSend(ctx, env, args[1:])
	case "latency":
		return midiLatency(ctx, env, args[1:])
	}
	return usagef("midi: unknown subcommand %q (want list, monitor, replay, decode, send or latency)", args[0])
}

func midiList(env Env, args []string) error {
	fs := newFlags(env, "midi list", "[--json [FILE|-]]")
	jsonOut := jsonFlagVar(fs, "print JSON; --json FILE writes it to FILE")
	if err := parseFlags(fs, args, 0); err != nil {
		return err
	}
	drv, err := env.MIDI.Driver()
	ports := midi.List(drv, "/proc/asound", err)
	if jsonOut.on() {
		return writeOutput(env, jsonOut.path, func(w io.Writer) error {
			enc := json.NewEncoder(w)
			enc.SetIndent("", "  ")
			return enc.Encode(ports)
		})
	}
	fmt.Fprintf(env.Stdout, "MIDI backend: %s\n", ports.Backend)
	if ports.Problem != "" {
		fmt.Fprintln(env.Stdout, ports.Problem)
	}
	for _, p := range append(append([]midi.Port{}, ports.Ins...), ports.Outs...) {
		extra := ""
		if p.Known != nil {
			extra = "  ★ " + p.Known.Name
		}
		fmt.Fprintf(env.Stdout, "%-3s %2d  %s%s\n", p.Dir, p.Index, term.Line(p.Name), extra) // a device's name
	}
	return nil
}

func midiMonitor(ctx context.Context, env Env, args []string) error {
	fs := newFlags(env, "midi monitor", "[--port NAME] [--record FILE.mid] [--log FILE] [--json] [--realtime]")
	port := fs.String("port", "", "input port (name, or part of it; default: the known keyboard, else the first input)")
	record := fs.String("record", "", "also record to this Standard MIDI File, written when you stop")
	jsonOut := jsonFlagVar(fs, "one JSON object per message, to stdout (--json or --json -)")
	realtime := fs.Bool("realtime", false, "also show clock and active sensing")
	logPath := fs.String("log", "", "also write the messages (the last 100,000) to `FILE` when you stop: .csv or .json")
	if err := parseFlags(fs, args, 0); err != nil {
		return err
	}
	if err := jsonOut.streamOnly("midi monitor"); err != nil {
		return err
	}
	asJSON := jsonOut.on()
	if *record != "" && !strings.HasSuffix(strings.ToLower(*record), ".mid") {
		return usagef("--record %q: name the file .mid", *record)
	}
	logExt := strings.ToLower(filepath.Ext(*logPath))
	if *logPath != "" && logExt != ".csv" && logExt != ".json" {
		return usagef("--log %q: name the file .csv or .json", *logPath)
	}
	drv, err := env.MIDI.Driver()
	if err != nil {
		return err
	}
	name := *port
	if name == "" {
		ps := midi.List(drv, "/proc/asound", nil)
		if len(ps.Ins) == 0 {
			return fmt.Errorf("no MIDI inputs: plug in a keyboard, or name one with --port")
		}
		name = ps.Ins[0].Name
		for _, p := range ps.Ins {
			if p.Known != nil {
				name = p.Name
			}
		}
	}
	p := midi.NewPipeline(100_000)
	var rec *midi.Recorder
	if *record != "" {
		rec = midi.Record(p)
	}
	p.Tap(monitorTap(env.Stdout, *realtime, asJSON))
	fmt.Fprintf(env.Stderr, "monitoring %s until Ctrl-C…\n", term.Line(midi.BaseName(name)))
	midi.Follow(ctx, drv, name, p, time.Second, func(s string) { fmt.Fprintf(env.Stderr, "[%s] %s\n", time.Now().Format("15:04:05"), term.Line(s)) })
	if rec != nil {
		events := rec.Stop()
		if err := files.WriteAtomic(*record, func(w io.Writer) error { return midi.WriteSMF(w, events) }); err != nil {
			return err
		}
		fmt.Fprintf(env.Stderr, "recorded %d messages to %s\n", len(events), *record)
	}
	if *logPath != "" {
		v := p.Snapshot(midi.Filter{ShowRealtime: true})
		events := v.Events
		write := midi.WriteLogCSV
		if logExt == ".json" {
			write = midi.WriteLogJSONAssembled
		}
		if err := files.WriteAtomic(*logPath, func(w io.Writer) error { return write(w, events, v.Assembled) }); err != nil {
			return err
		}
		fmt.Fprintf(env.Stderr, "wrote %d messages to %s\n", len(events), *logPath)
	}
	return nil
}

// monitorTap prints each message as it comes and then the events it
// completed (an NRPN after its four CCs, a tempo line a beat): in text as
// midi decode prints them, in JSON one object each with "after_seq" and
// "kind" (a message's object has "message" instead). Clock and active
// sensing only with realtime; what they complete is printed anyway.
func monitorTap(w io.Writer, realtime, asJSON bool) func(midi.Event) {
	var mu sync.Mutex
	return func(ev midi.Event) {
		t := ev.Msg.Type
		hidden := !realtime && (t == midi.TypeClock || t == midi.TypeActiveSense)
		if hidden && len(ev.Completes) == 0 {
			return
		}
		mu.Lock()
		defer mu.Unlock()
		if !hidden {
			printEvent(w, ev, asJSON)
		}
		for i := range ev.Completes {
			e := ev.Completes[i]
			if asJSON { // a line of its own, as the JSON log's "assembled" entries
				json.NewEncoder(w).Encode(midi.Assembled{AfterSeq: ev.Seq, Event: e})
				continue
			}
			printRow(term.Writer(w), midi.Row{TUS: e.TUS, Kind: e.Kind, Text: e.Text, Event: &e})
		}
	}
}

func printEvent(w io.Writer, ev midi.Event, asJSON bool) {
	if asJSON {
		json.NewEncoder(w).Encode(ev)
		return
	}
	ch := "  "
	if ev.Msg.Channel > 0 {
		ch = fmt.Sprintf("%2d", ev.Msg.Channel)
	}
	fmt.Fprintf(term.Writer(w), "%12.3f ms  Δ%10.3f ms  %-16s %-15s ch %s  %-28s %s\n", ev.AtUS/1000, float64(ev.Gap)/1e6, trimPort(ev.Port), ev.Msg.Type, ch, ev.Msg.Text, ev.Hex)
}

func trimPort(s string) string {
	if len(s) > 16 {
		return s[:15] + "…"
	}
	return s
}

func midiReplay(ctx context.Context, env Env, args []string) error {
	fs := newFlags(env, "midi replay", "FILE.mid [--to PORT] [--json]")
	to := fs.String("to", "", "send to this output port in real time (without it: only decode and print)")
	jsonOut := jsonFlagVar(fs, "one JSON object per message, to stdout (--json or --json -)")
	if err := parseFlags(fs, args, 1); err != nil {
		return err
	}
	if err := jsonOut.streamOnly("midi replay"); err != nil {
		return err
	}
	asJSON := jsonOut.on()
	if fs.NArg() != 1 {
		return usagef("midi replay: name a .mid file")
	}
	events, info, err := midi.ReadSMFFile(fs.Arg(0))
	if err != nil {
		return err
	}
	var last time.Duration
	show := func(seq int, e midi.Timed) {
		msg := midi.Decode(e.Raw)
		ev := midi.Event{Seq: uint64(seq), At: e.At, AtUS: float64(e.At) / 1e3, Gap: e.At - last, Port: "file", Msg: msg, Hex: msg.Hex()}
		last = e.At
		printEvent(env.Stdout, ev, asJSON)
	}
	if *to == "" {
		fmt.Fprintf(env.Stderr, "format %d, %d track(s), %s\n", info.Format, info.Tracks, info.Division)
		for i, e := range events {
			if ctx.Err() != nil {
				return ctx.Err()
			}
			show(i, e)
		}
		fmt.Fprintf(env.Stderr, "%d messages, %.3f s\n", len(events), lastAt(events).Seconds())
		return nil
	}
	drv, err := env.MIDI.Driver()
	if err != nil {
		return err
	}
	out, err := midi.FindOut(drv, *to)
	if err != nil {
		return err
	}
	if err := out.Open(); err != nil {
		return err
	}
	defer out.Close()
	i := 0
	pl := &midi.Player{Events: events}
	err = pl.Play(ctx, func(raw []byte, _ time.Time) {
		out.Send(raw)
		show(i, events[i])
		i++
	})
	// stop every note that may still sound
	for ch := byte(0); ch < 16; ch++ {
		out.Send([]byte{0xb0 | ch, 123, 0})
	}
	return err
}

func lastAt(e []midi.Timed) time.Duration {
	if len(e) == 0 {
		return 0
	}
	return e[len(e)-1].At
}

func midiLatency(ctx context.Context, env Env, args []string) error {
	fs := newFlags(env, "midi latency", "--out PORT --in PORT [-n N] [--timeout D] [--interval D]")
	outName := fs.String("out", "", "output port to send notes to")
	inName := fs.String("in", "", "input port they come back on (loopback cable, echoing device, virtual port)")
	n := fs.Int("n", 100, "samples")
	timeout := fs.Duration("timeout", time.Second, "a note not back within this is lost")
	interval := fs.Duration("interval", 10*time.Millisecond, "pause between samples")
	jsonPath := fs.String("json", "", "write the samples and summary as JSON to `FILE` (- for stdout; the table then goes to stderr)")
	chartPath := fs.String("chart", "", "write a histogram of the round trips to `FILE` (.png, .svg, .pdf)")
	if err := parseFlags(fs, args, 0); err != nil {
		return err
	}
	if *outName == "" || *inName == "" {
		return usagef("midi latency: --out and --in are required")
	}
	for _, err := range []error{settings.IntIn("n", "samples", *n, 1, 100_000), settings.DurationIn("timeout", "timeout", *timeout, time.Millisecond, time.Minute),
		settings.DurationIn("interval", "interval", *interval, 0, time.Minute)} {
		if err != nil {
			return err // a *settings.Error: exit 2 with usage
		}
	}
	if *chartPath != "" {
		if _, err := chart.FormatOf(*chartPath); err != nil {
			return usageError{err.Error()}
		}
	}
	drv, err := env.MIDI.Driver()
	if err != nil {
		return err
	}
	rt, err := midi.MeasureRoundTrip(ctx, drv, *outName, *inName, *n, *timeout, *interval)
	if rt == nil {
		return err
	}
	table := env.Stdout
	if *jsonPath == "-" {
		table = env.Stderr
	}
	printRoundTrip(table, rt)
	if *jsonPath != "" {
		if werr := writeOutput(env, *jsonPath, func(w io.Writer) error { return midi.WriteRoundTripJSON(w, rt) }); werr != nil {
			return werr
		}
	}
	if *chartPath != "" {
		if cerr := chart.Save(*chartPath, midi.RoundTripChart(rt), chart.Options{}); cerr != nil {
			return cerr
		}
	}
	return err
}

func printRoundTrip(w io.Writer, rt *midi.RoundTrip) {
	s := rt.Summary
	fmt.Fprintf(w, "MIDI round trip %s → %s: %d sent, %d back, %d lost (timeout)\n", term.Line(rt.Out), term.Line(rt.In), rt.Sent, len(rt.Samples), rt.Lost)
	fmt.Fprintf(w, "min %.0f µs  mean %.0f µs  p50 %.0f µs  p99 %.0f µs  max %.0f µs  jitter %.0f µs\n", s.MinUS, s.MeanUS, s.P50US, s.P99US, s.MaxUS, rt.JitterUS)
}
