package assemble

import "fmt"

// chanState is what one channel has selected and sent.
type chanState struct {
	sel      byte // 0 none, 'r' RPN, 'n' NRPN
	rpn      [2]int
	nrpn     [2]int
	selParts []string
	data     int         // current 14-bit value of the selected parameter, -1 unknown
	known    map[int]int // last value of each parameter set on the channel: key sel<<14 | number
	pend     *Event
	ccMSB    [32]int     // last value of CC 0–31, -1 none since its last LSB
	ccRaw    [32][3]byte // that message (hex only when a pair is made)
}

func (c *chanState) reset() {
	*c = chanState{rpn: [2]int{-1, -1}, nrpn: [2]int{-1, -1}, data: -1}
	for i := range c.ccMSB {
		c.ccMSB[i] = -1
	}
}

// flush reports a data MSB that no LSB followed.
func (c *chanState) flush() (Event, bool) {
	if c.pend == nil {
		return Event{}, false
	}
	ev := *c.pend
	c.pend = nil
	return ev, true
}

// key is the selected parameter as a map key (ok false: none complete).
func (c *chanState) key() (int, bool) {
	msb, lsb := c.number()
	if c.sel == 0 || msb < 0 || lsb < 0 {
		return 0, false
	}
	return int(c.sel)<<14 | msb<<7 | lsb, true
}

// maxKnownParams bounds the values remembered per channel (a stream that
// walks all 32,768 parameter numbers must not grow the map without end).
const maxKnownParams = 256

// remember keeps the selected parameter's value for increments after it
// is selected again.
func (c *chanState) remember() {
	k, ok := c.key()
	if !ok || c.data < 0 {
		return
	}
	if c.known == nil {
		c.known = map[int]int{}
	}
	if _, ok := c.known[k]; ok || len(c.known) < maxKnownParams {
		c.known[k] = c.data
	}
}

func (c *chanState) number() (msb, lsb int) {
	if c.sel == 'r' {
		return c.rpn[0], c.rpn[1]
	}
	return c.nrpn[0], c.nrpn[1]
}

// cc handles a control change on channel c (0-based).
func (a *Assembler) cc(tUS float64, c int, raw []byte, events []Event) ([]Event, bool) {
	s := &a.ch[c]
	n, v := int(raw[1]&0x7f), int(raw[2]&0x7f)
	part := func() string { return Hex(raw[:3]) } // only for what is kept: CC 1 or 7 on every turn of a knob is the common case
	if n != 38 && s.pend != nil {                 // only the LSB of a waiting MSB keeps it waiting
		if ev, ok := s.flush(); ok {
			a.pending--
			events = append(events, ev)
		}
	}
	switch n {
	case 101, 100, 99, 98:
		sel, idx, arr := byte('r'), 0, &s.rpn
		if n == 99 || n == 98 {
			sel, arr = 'n', &s.nrpn
		}
		if n == 100 || n == 98 {
			idx = 1
		}
		if s.sel != sel {
			s.selParts = nil
		}
		s.sel = sel
		arr[idx] = v
		s.data = -1 // the parameter's value, if it was set before on this channel
		if k, ok := s.key(); ok {
			if d, ok := s.known[k]; ok {
				s.data = d
			}
		}
		s.selParts = append(s.selParts, part())
		if arr[0] == 127 && arr[1] == 127 {
			ev := a.paramEvent(tUS, c, "null", s.selParts)
			s.sel, s.selParts = 0, nil
			return append(events, ev), true
		}
		return events, true
	case 6, 38, 96, 97:
		msb, lsb := s.number()
		if s.sel == 0 || msb < 0 || lsb < 0 {
			break // no parameter selected: a plain controller
		}
		parts := append(s.selParts, part())
		s.selParts = nil
		switch n {
		case 6:
			s.data = v << 7
			s.remember()
			ev := a.paramEvent(tUS, c, "set", parts)
			ev.Param.ValueMSBOnly = true
			s.pend = &ev
			a.pending++
			return events, true
		case 38:
			if s.pend != nil {
				parts = append(s.pend.Parts, part())
				s.pend = nil
				a.pending--
			}
			s.data = max(s.data, 0)&^0x7f | v
		case 96:
			if s.data >= 0 {
				s.data = min(s.data+1, 16383)
			}
		case 97:
			if s.data >= 0 {
				s.data = max(s.data-1, 0)
			}
		}
		op := map[int]string{38: "set", 96: "increment", 97: "decrement"}[n]
		s.remember()
		return append(events, a.paramEvent(tUS, c, op, parts)), true
	}
	switch {
	case n < 32:
		s.ccMSB[n] = v
		copy(s.ccRaw[n][:], raw[:3])
	case n < 64 && s.ccMSB[n-32] >= 0:
		m := n - 32
		val := s.ccMSB[m]<<7 | v
		ev := Event{TUS: tUS, Kind: KindCC14, Channel: c + 1, Parts: []string{Hex(s.ccRaw[m][:]), part()},
			CC14: &CC14{CC: m, Name: ccName(m), MSB: s.ccMSB[m], LSB: v, Value: val}}
		ev.Text = fmt.Sprintf("CC%d/%d %s = %d (14-bit)", m, n, ccName(m), val)
		s.ccMSB[m] = -1
		return append(events, ev), true
	}
	return events, false
}

// paramEvent describes the selected parameter of channel c with its
// current value.
func (a *Assembler) paramEvent(tUS float64, c int, op string, parts []string) Event {
	s := &a.ch[c]
	msb, lsb := s.number()
	kind, label := KindRPN, "RPN"
	if s.sel == 'n' {
		kind, label = KindNRPN, "NRPN"
	}
	p := &Param{Number: msb<<7 | lsb, MSB: msb, LSB: lsb, Op: op}
	ev := Event{TUS: tUS, Kind: kind, Channel: c + 1, Parts: append([]string(nil), parts...), Param: p}
	if op == "null" {
		ev.Text = label + " null (no parameter selected)"
		return ev
	}
	if s.data >= 0 {
		p.Value = intp(s.data)
	}
	what := fmt.Sprintf("%s %d (%d/%d)", label, p.Number, msb, lsb)
	if kind == KindRPN {
		if name := a.registered(p, c, &ev); name != "" {
			what = fmt.Sprintf("RPN %d %s", p.Number, name)
		}
	}
	switch {
	case op != "set":
		ev.Text = what + " " + op
		if p.Value != nil {
			ev.Text += fmt.Sprintf(" → %d", *p.Value)
		}
	case ev.Text != "":
		ev.Text = what + " = " + ev.Text
	default:
		ev.Text = fmt.Sprintf("%s = %d", what, *p.Value)
	}
	return ev
}

// registered names a registered parameter, sets its meaning in p (and
// ev.Text to the value in words) and applies MPE configuration.
func (a *Assembler) registered(p *Param, c int, ev *Event) string {
	if p.Value == nil {
		return rpnNames[p.Number]
	}
	v := *p.Value
	msb, lsb := v>>7, v&0x7f
	switch p.Number {
	case 0:
		p.Name = "pitch bend range"
		p.Semitones, p.Cents = intp(msb), fp(float64(lsb))
		ev.Text = fmt.Sprintf("±%d semitones %d cents", msb, lsb)
	case 1:
		cents := float64(v-8192) * 100 / 8192
		p.Name, p.Cents = "fine tuning", fp(cents)
		ev.Text = fmt.Sprintf("%+.2f cents", cents)
	case 2:
		p.Name, p.Semitones = "coarse tuning", intp(msb-64)
		ev.Text = fmt.Sprintf("%+d semitones", msb-64)
	case 6:
		p.Name = "MPE configuration"
		ev.MPE = a.configureMPE(c+1, msb)
		z := ev.MPE
		switch {
		case z == nil:
			ev.Text = fmt.Sprintf("%d member channels, ignored: not sent on channel 1 or 16", msb)
		case z.Members == 0:
			ev.Text = fmt.Sprintf("MPE %s zone off", z.Zone)
		default:
			ev.Text = fmt.Sprintf("MPE %s zone: manager channel %d, %d member channels (%d–%d)", z.Zone, z.Manager, z.Members, z.First, z.Last)
		}
	default:
		p.Name = rpnNames[p.Number]
	}
	return p.Name
}

var rpnNames = map[int]string{0: "pitch bend range", 1: "fine tuning", 2: "coarse tuning", 3: "tuning program select",
	4: "tuning bank select", 5: "modulation depth range", 6: "MPE configuration"}

// configureMPE applies RPN 6 sent on channel ch (1–16) with n members.
// A zone that would overlap the other shrinks the other (MPE 1.0).
func (a *Assembler) configureMPE(ch, n int) *MPEZone {
	var i int
	switch ch {
	case 1:
		i = 0
	case 16:
		i = 1
	default:
		return nil
	}
	n = min(n, 15)
	a.zones[i].Members = n
	if o := &a.zones[1-i]; n+o.Members > 14 {
		o.Members = max(14-n, 0)
	}
	for j := range a.zones {
		z := &a.zones[j]
		z.First, z.Last = 0, 0
		if z.Members > 0 && j == 0 {
			z.First, z.Last = 2, 1+z.Members
		} else if z.Members > 0 {
			z.First, z.Last = 16-z.Members, 15
		}
	}
	z := a.zones[i]
	return &z
}

func fp(v float64) *float64 { return &v }

var ccNames = map[int]string{0: "Bank Select", 1: "Modulation", 2: "Breath", 4: "Foot", 5: "Portamento Time", 6: "Data Entry",
	7: "Volume", 8: "Balance", 10: "Pan", 11: "Expression", 12: "Effect 1", 13: "Effect 2",
	16: "General Purpose 1", 17: "General Purpose 2", 18: "General Purpose 3", 19: "General Purpose 4"}

func ccName(n int) string {
	if s, ok := ccNames[n]; ok {
		return s
	}
	return fmt.Sprintf("CC%d", n)
}
