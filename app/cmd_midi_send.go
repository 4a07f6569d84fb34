package app

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"benchtop/devices/known"
	"benchtop/devices/midi"
	"benchtop/devices/midi/assemble"
	"benchtop/internal/term"
)

// midiSend sends SysEx to an output (an Identity Request, hex, or a .syx)
// and, with --in, prints what comes back within --wait, assembled, and
// on stderr what an Identity Reply says against the published ones.
func midiSend(ctx context.Context, env Env, args []string) error {
	fs := newFlags(env, "midi send", "--to PORT (--identity | --hex 'F0 … F7' | FILE.syx) [--in PORT [--wait D]] [--json]")
	to := fs.String("to", "", "output port to send to")
	in := fs.String("in", "", "also listen on this input and print what comes back (an Identity Reply, …)")
	wait := fs.Duration("wait", time.Second, "with --in: how long to listen after sending")
	identity := fs.Bool("identity", false, "send an Identity Request (F0 7E 7F 06 01 F7)")
	hexArg := fs.String("hex", "", "send these SysEx bytes, in hex")
	jsonOut := jsonFlagVar(fs, "print what came back as one JSON document ("+midi.DecodeSchema+")")
	if err := parseFlags(fs, args, 1); err != nil {
		return err
	}
	if err := jsonOut.streamOnly("midi send"); err != nil {
		return err
	}
	sources := 0
	for _, on := range []bool{*identity, *hexArg != "", fs.NArg() == 1} {
		if on {
			sources++
		}
	}
	if *to == "" || sources != 1 {
		return usagef("midi send: name --to PORT and one of --identity, --hex or a .syx file")
	}
	if *wait < 0 || *wait > time.Minute {
		return usagef("--wait %v: between 0 and 1m", *wait)
	}
	var msgs [][]byte
	switch {
	case *identity:
		msgs = [][]byte{midi.IdentityRequest}
	case *hexArg != "":
		m, err := midi.ParseSysEx(*hexArg)
		if err != nil {
			return usageError{err.Error()}
		}
		msgs = m
	default:
		ev, format, err := midi.ReadMIDIFile(fs.Arg(0))
		if err != nil {
			return err
		}
		if format != midi.FormatSyx {
			return fmt.Errorf("%s: a %s file, not a .syx", fs.Arg(0), format)
		}
		for _, e := range ev {
			msgs = append(msgs, e.Raw)
		}
	}
	drv, err := env.MIDI.Driver()
	if err != nil {
		return err
	}
	var p *midi.Pipeline
	if *in != "" {
		p = midi.NewPipeline(10_000)
		stop, err := midi.Listen(drv, *in, p)
		if err != nil {
			return err
		}
		defer stop()
	}
	if err := midi.SendSysEx(drv, *to, msgs); err != nil {
		return err
	}
	n := 0
	for _, m := range msgs {
		n += len(m)
	}
	fmt.Fprintf(env.Stderr, "sent %d message(s), %d bytes, to %s\n", len(msgs), n, midi.BaseName(*to))
	if p == nil {
		return nil
	}
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-time.After(*wait):
	}
	// what came back, decoded and assembled as `midi decode` does
	var back []midi.Timed
	for _, ev := range p.Snapshot(midi.Filter{}).Events {
		back = append(back, midi.Timed{At: ev.At, Raw: ev.Msg.Raw})
	}
	d := midi.AssembleAll(midi.FormatLog, back, midi.AssembleOptions{})
	d.File = midi.BaseName(*in)
	// an identity reply against the one the output's device card publishes
	defer func() {
		for _, r := range d.Rows {
			if r.Event != nil && r.Event.Kind == assemble.KindIdentity {
				fmt.Fprintln(env.Stderr, term.Line(known.CheckIdentity(known.ByPortName(*to), *r.Event.Identity).Text))
			}
		}
	}()
	if jsonOut.on() {
		enc := json.NewEncoder(env.Stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(d)
	}
	w := term.Writer(env.Stdout)
	for _, r := range d.Rows {
		printRow(w, r)
	}
	if len(d.Rows) == 0 {
		fmt.Fprintf(env.Stderr, "nothing came back on %s within %v\n", midi.BaseName(*in), *wait)
	}
	return nil
}
