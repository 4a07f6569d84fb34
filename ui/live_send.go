package ui

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"benchtop/devices/midi"
	"benchtop/devices/midi/assemble"
)

// liveSend sends SysEx to an output: typed as hex, read from a .syx, or
// an Identity Request. The reply comes back on an input ticked in the
// ports list and is shown in the Monitor's log like any message.
type liveSend struct {
	w       *window
	backend *midi.Backend
	out     *widget.Select
	hex     *widget.Entry
	result  *widget.Label
}

func newLiveSend(w *window, backend *midi.Backend) *liveSend {
	s := &liveSend{w: w, backend: backend, out: widget.NewSelect(nil, nil), hex: widget.NewMultiLineEntry()}
	s.out.PlaceHolder = "send to (output)"
	s.hex.SetText(assemble.Hex(midi.IdentityRequest))
	s.hex.Wrapping = fyne.TextWrapBreak
	s.result = widget.NewLabel("Send SysEx to an output. Tick the device's input above to see its reply in the Monitor (an Identity Reply names the maker, family, model and version).")
	s.result.Wrapping = fyne.TextWrapWord
	return s
}

func (s *liveSend) view() fyne.CanvasObject {
	ident := widget.NewButton("Identity Request", func() { s.hex.SetText(assemble.Hex(midi.IdentityRequest)) })
	open := widget.NewButton("Open .syx…", func() { openDialog(s.w.Win, s.load) })
	send := widget.NewButton("Send", s.send)
	send.Importance = widget.HighImportance
	form := widget.NewForm(widget.NewFormItem("Output", s.out))
	return container.NewBorder(container.NewVBox(form, container.NewHBox(ident, open, send), s.result), nil, nil, nil, s.hex)
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
