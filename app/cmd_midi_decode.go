package app

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"benchtop/devices/midi"
	"benchtop/internal/term"
)

// midiDecode prints what a .mid, a .syx or a benchtop.midi-log/1 JSON log
// says, with messages assembled into events (RPN/NRPN, 14-bit CC,
// timecode, MMC, identity, tempo, …).
func midiDecode(ctx context.Context, env Env, args []string) error {
	fs := newFlags(env, "midi decode", "FILE [--json [FILE|-]] [--messages] [--realtime]")
	jsonOut := jsonFlagVar(fs, "write one JSON document (schema "+midi.DecodeSchema+"); --json FILE writes it to FILE")
	folded := fs.Bool("messages", false, "also list the messages folded into assembled events (marked ⤷)")
	realtime := fs.Bool("realtime", false, "also list clock and active sensing messages (tempo is shown once a beat anyway)")
	if err := parseFlags(fs, args, 1); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return usagef("midi decode: name a .mid, .syx or %s JSON file", midi.LogSchema)
	}
	path := fs.Arg(0)
	events, format, err := midi.ReadMIDIFile(path)
	if err != nil {
		return err
	}
	if ctx.Err() != nil {
		return ctx.Err()
	}
	d := midi.AssembleAll(format, events, midi.AssembleOptions{Realtime: *realtime, Folded: *folded})
	d.File = path
	table := env.Stdout
	if jsonOut.on() {
		if jsonOut.toStdout() {
			table = nil
		}
		if err := writeOutput(env, jsonOut.path, func(w io.Writer) error {
			enc := json.NewEncoder(w)
			enc.SetIndent("", "  ")
			return enc.Encode(d)
		}); err != nil {
			return err
		}
	}
	if table != nil {
		w := term.Writer(table)
		for _, r := range d.Rows {
			printRow(w, r)
		}
	}
	assembled := 0
	for _, r := range d.Rows {
		if r.Event != nil {
			assembled++
		}
	}
	fmt.Fprintf(env.Stderr, "%s: %d messages, %d assembled events", format, d.Messages, assembled)
	if d.Tempo.BPM > 0 {
		fmt.Fprintf(env.Stderr, "; clock at the end %.1f BPM, jitter %.0f µs", d.Tempo.BPM, d.Tempo.JitterUS)
	}
	fmt.Fprintln(env.Stderr)
	return nil
}

// printRow: time, kind, channel, text, then the raw hex (a message) or
// the messages it was assembled from.
func printRow(w io.Writer, r midi.Row) {
	ch, kind, tail := "    ", r.Kind, r.Hex
	switch {
	case r.Message != nil:
		kind = r.Message.Type
		if r.Message.Channel > 0 {
			ch = fmt.Sprintf("ch%2d", r.Message.Channel)
		}
		if r.Folded {
			kind = "⤷ " + kind
		}
	case r.Event != nil:
		if r.Event.Channel > 0 {
			ch = fmt.Sprintf("ch%2d", r.Event.Channel)
		}
		tail = strings.Join(r.Event.Parts, " | ")
	}
	if len(tail) > 60 { // a SysEx's hex: all of it is in --json
		tail = tail[:59] + "…"
	}
	fmt.Fprintf(w, "%12.3f ms  %-16s %s  %-40s %s\n", r.TUS/1000, kind, ch, r.Text, tail)
}
