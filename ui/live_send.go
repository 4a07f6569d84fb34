package ui

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"benchtop/devices/known"
	"benchtop/devices/midi"
	"benchtop/devices/midi/assemble"
)

// liveSend sends SysEx to an output: typed as hex, read from a .syx, or
// an Identity Request. The reply comes back on an input ticked in the
// ports list and is shown in the Monitor's log like any message; after
// an Identity Request, an Identity Reply is also compared with the one
// the output's device card publishes.
type liveSend struct {
	w       *window
	backend *midi.Backend
	out     *widget.Select
	hex     *widget.Entry
	result  *widget.Label
	reply   *widget.Label // what the last Identity Reply says against the card

	mu   sync.Mutex
	card *known.Card // the output's card when an Identity Request went out
	// asked: an Identity Request went out, replies are compared
	asked bool
}

func newLiveSend(w *window, backend *midi.Backend, pipe *midi.Pipeline) *liveSend {
	s := &liveSend{w: w, backend: backend, out: widget.NewSelect(nil, nil), hex: widget.NewMultiLineEntry()}
	s.out.PlaceHolder = "send to (output)"
	s.hex.SetText(assemble.Hex(midi.IdentityRequest))
	s.hex.Wrapping = fyne.TextWrapBreak
	s.result = widget.NewLabel("Send SysEx to an output. Tick the device's input above to see its reply in the Monitor (an Identity Reply names the maker, family, model and version).")
	s.result.Wrapping = fyne.TextWrapWord
	s.reply = widget.NewLabel("")
	s.reply.Wrapping = fyne.TextWrapWord
	pipe.Tap(s.watch)
	return s
}

// ask notes that an Identity Request goes to out, and says what the
// reply should be. UI goroutine.
func (s *liveSend) ask(out string) {
	c := known.ByPortName(out)
	s.mu.Lock()
	s.card, s.asked = c, true
	s.mu.Unlock()
	switch {
	case c == nil:
		s.reply.SetText("No device card for " + midi.BaseName(out) + ": a reply will be looked up among the published ones.")
	case c.Identity == nil:
		s.reply.SetText(c.Name + ": " + c.IdentityNote)
	default:
		s.reply.SetText("Waiting for the " + c.Name + "'s Identity Reply; published: " + c.Identity.String() + ".")
	}
}

// watch compares each Identity Reply with the card, once a request went
// out. It runs on the pusher's goroutine (a pipeline tap).
func (s *liveSend) watch(ev midi.Event) {
	for _, e := range ev.Completes {
		if e.Kind != assemble.KindIdentity || e.Identity == nil {
			continue
		}
		s.mu.Lock()
		c, asked := s.card, s.asked
		s.mu.Unlock()
		if !asked {
			return
		}
		text := known.CheckIdentity(c, *e.Identity).Text
		doUI(func() { s.reply.SetText(text) })
	}
}

func (s *liveSend) view() fyne.CanvasObject {
	ident := widget.NewButton("Identity Request", func() { s.hex.SetText(assemble.Hex(midi.IdentityRequest)) })
	open := widget.NewButton("Open .syx…", func() { openDialog(s.w.Win, s.load) })
	send := widget.NewButton("Send", s.send)
	send.Importance = widget.HighImportance
	form := widget.NewForm(widget.NewFormItem("Output", s.out))
	return container.NewBorder(container.NewVBox(form, container.NewHBox(ident, open, send), s.result, s.reply), nil, nil, nil, s.hex)
}

// setOutputs offers the outputs found by a rescan. UI goroutine.
func (s *liveSend) setOutputs(outs []string) { s.out.SetOptions(outs) }

// load puts a .syx file's messages in the entry, as hex, a line each.
func (s *liveSend) load(path string) error {
	ev, format, err := midi.ReadMIDIFile(path)
	if err != nil {
		return err
	}
	if format != midi.FormatSyx {
		return fmt.Errorf("%s: a %s file, not a .syx", path, format)
	}
	lines := make([]string, len(ev))
	for i, e := range ev {
		lines[i] = assemble.Hex(e.Raw)
	}
	s.hex.SetText(strings.Join(lines, "\n"))
	return nil
}

// send checks the hex and sends in the window's runner. UI goroutine.
func (s *liveSend) send() {
	msgs, err := midi.ParseSysEx(s.hex.Text)
	if err != nil {
		dialog.ShowError(err, s.w.Win)
		return
	}
	if s.out.Selected == "" {
		dialog.ShowError(errors.New("pick an output to send to"), s.w.Win)
		return
	}
	out, n := s.out.Selected, 0
	for _, m := range msgs {
		n += len(m)
		if midi.IsIdentityRequest(m) {
			s.ask(out)
		}
	}
	s.result.SetText("Sending…")
	s.w.run(func(ctx context.Context) {
		drv, err := s.backend.Driver()
		if err == nil {
			err = midi.SendSysEx(drv, out, msgs)
		}
		text := fmt.Sprintf("Sent %d message(s), %d bytes, to %s. A reply shows in the Monitor when the device's input is ticked.", len(msgs), n, midi.BaseName(out))
		if err != nil {
			text = "Failed: " + err.Error()
		}
		doUI(func() { s.result.SetText(text) })
	})
}
