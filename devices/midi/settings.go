package midi

import (
	"fmt"

	"benchtop/devices/midi/assemble"
)

// settingsKeep is how many (channel, parameter) values Settings keeps: the
// most recently set. A stream that walks thousands of NRPNs replaces the
// oldest; memory stays the same.
const settingsKeep = 16

// Settings is what the assembled events set and what stays set, for the
// side panel: the latest MTC timecode, the song position, and the last
// value of each RPN, NRPN and 14-bit controller on each channel (the
// newest settingsKeep).
type Settings struct {
	// Timecode is the latest MTC time (eight quarter frames or a full
	// frame SysEx: Timecode.Source says which); nil before one came.
	Timecode   *assemble.Timecode
	TimecodeUS float64 // when it came
	// SongPosition is where the clock has counted to, in MIDI beats
	// (sixteenths), since a song position, start or continue; nil before
	// one of them came.
	SongPosition *int
	// Params are the last values set, newest first, at most settingsKeep.
	Params []ParamValue
}

// ParamValue is the last value of one parameter on one channel.
type ParamValue struct {
	Channel int     // 1–16
	Kind    string  // assemble.KindRPN, KindNRPN or KindCC14
	Number  int     // the RPN or NRPN number, or the MSB controller 0–31
	Value   int     // 14-bit
	TUS     float64 // when it was set
	// Text is the value in words, with its channel: "ch 1 pitch bend
	// range ±12", "ch 3 NRPN 130 = 8197", "ch 1 CC1 Modulation = 8192".
	Text string
}

// settings keeps a Settings up to date; p.mu held.
type settings struct {
	tc     *assemble.Timecode
	tcUS   float64
	sppSet bool
	params []ParamValue // newest first, len ≤ settingsKeep
}

// note takes an assembled event (under p.mu, a few a second at most for
// a person; a hostile stream costs a scan of 16 entries an event).
func (s *settings) note(e assemble.Event) {
	switch {
	case e.Kind == assemble.KindTimecode && e.Timecode != nil:
		tc := *e.Timecode
		s.tc, s.tcUS = &tc, e.TUS
	case e.Kind == assemble.KindSongPosition || e.Kind == assemble.KindTransport:
		s.sppSet = true
	case (e.Kind == assemble.KindRPN || e.Kind == assemble.KindNRPN) && e.Param != nil && e.Param.Value != nil && e.Param.Op != "null":
		s.set(ParamValue{Channel: e.Channel, Kind: e.Kind, Number: e.Param.Number, Value: *e.Param.Value, TUS: e.TUS, Text: paramText(e)})
	case e.Kind == assemble.KindCC14 && e.CC14 != nil:
		c := e.CC14
		s.set(ParamValue{Channel: e.Channel, Kind: e.Kind, Number: c.CC, Value: c.Value, TUS: e.TUS,
			Text: fmt.Sprintf("ch %d CC%d %s = %d", e.Channel, c.CC, c.Name, c.Value)})
	}
}

// set puts v first, replacing the same parameter's older value, or the
// oldest value when settingsKeep are kept.
func (s *settings) set(v ParamValue) {
	i := 0
	for i < len(s.params) && !(s.params[i].Channel == v.Channel && s.params[i].Kind == v.Kind && s.params[i].Number == v.Number) {
		i++
	}
	switch {
	case i < len(s.params): // seen: move it to the front
	case len(s.params) < settingsKeep:
		s.params = append(s.params, ParamValue{})
	default: // full: the oldest goes
		i = len(s.params) - 1
	}
	copy(s.params[1:i+1], s.params[:i])
	s.params[0] = v
}

// view copies the settings; spp is where the clock has counted to.
func (s *settings) view(spp int) Settings {
	out := Settings{TimecodeUS: s.tcUS, Params: append([]ParamValue(nil), s.params...)}
	if s.tc != nil {
		tc := *s.tc
		out.Timecode = &tc
	}
	if s.sppSet {
		out.SongPosition = &spp
	}
	return out
}

// paramText is an RPN or NRPN value in a few words.
func paramText(e assemble.Event) string {
	p := e.Param
	v := *p.Value
	switch {
	case e.Kind == assemble.KindNRPN:
		return fmt.Sprintf("ch %d NRPN %d = %d", e.Channel, p.Number, v)
	case p.Number == 0 && p.Semitones != nil && p.Cents != nil && *p.Cents != 0:
		return fmt.Sprintf("ch %d pitch bend range ±%d semitones %.0f cents", e.Channel, *p.Semitones, *p.Cents)
	case p.Number == 0 && p.Semitones != nil:
		return fmt.Sprintf("ch %d pitch bend range ±%d", e.Channel, *p.Semitones)
	case p.Number == 1 && p.Cents != nil:
		return fmt.Sprintf("ch %d fine tuning %+.2f cents", e.Channel, *p.Cents)
	case p.Number == 2 && p.Semitones != nil:
		return fmt.Sprintf("ch %d coarse tuning %+d semitones", e.Channel, *p.Semitones)
	case p.Number == 6:
		return fmt.Sprintf("ch %d MPE configuration: %d member channels", e.Channel, v>>7)
	case p.Name != "":
		return fmt.Sprintf("ch %d RPN %d %s = %d", e.Channel, p.Number, p.Name, v)
	}
	return fmt.Sprintf("ch %d RPN %d = %d", e.Channel, p.Number, v)
}
