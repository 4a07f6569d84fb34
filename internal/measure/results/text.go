package results

// MapText returns the run with f applied to every string it carries that
// a run file can set: ID, kind, title, version, machine facts, settings
// (keys and values), notes, group and counter names, and each sample's
// error, tags and phase and count names. Display code passes a sanitiser
// (term.Line) so a shared run's text cannot drive the terminal.
//
// The copy shares with r whatever f left unchanged (samples above all: a
// million of them are not copied to print a table); neither is to be
// written into.
func (r *Run) MapText(f func(string) string) *Run {
	c := *r
	c.ID, c.Kind, c.Title, c.Benchtop = f(r.ID), f(r.Kind), f(r.Title), f(r.Benchtop)
	m := &c.Machine
	m.OS, m.Arch, m.CPUModel, m.Kernel, m.Hostname, m.Go = f(m.OS), f(m.Arch), f(m.CPUModel), f(m.Kernel), f(m.Hostname), f(m.Go)
	m.Extra, _ = mapStrings(m.Extra, f)
	c.Config, _ = mapStrings(r.Config, f)
	if r.Notes != nil {
		c.Notes = make([]string, len(r.Notes))
		for i, n := range r.Notes {
			c.Notes[i] = f(n)
		}
	}
	c.Groups = make([]Group, len(r.Groups))
	for i, g := range r.Groups {
		g.Name = f(g.Name)
		counters, _ := mapKeys(map[string]int64(g.Counters), f)
		g.Counters = Counters(counters)
		g.Samples = mapSamples(g.Samples, f)
		c.Groups[i] = g
	}
	return &c
}

// mapSamples applies f to the samples' text, copying the slice only when
// a sample changes.
func mapSamples(ss []Sample, f func(string) string) []Sample {
	var out []Sample
	for i := range ss {
		s := ss[i]
		e := f(s.Err)
		tags, c1 := mapStrings(s.Tags, f)
		phases, c2 := mapKeys(s.Phases, f)
		counts, c3 := mapKeys(s.Counts, f)
		if e == s.Err && !c1 && !c2 && !c3 {
			continue
		}
		if out == nil {
			out = append([]Sample(nil), ss...)
		}
		s.Err, s.Tags, s.Phases, s.Counts = e, tags, phases, counts
		out[i] = s
	}
	if out == nil {
		return ss
	}
	return out
}

// mapStrings applies f to keys and values; m itself when nothing changes.
func mapStrings(m map[string]string, f func(string) string) (map[string]string, bool) {
	changed := false
	for k, v := range m {
		if f(k) != k || f(v) != v {
			changed = true
			break
		}
	}
	if !changed {
		return m, false
	}
	out := make(map[string]string, len(m))
	for k, v := range m {
		out[f(k)] = f(v)
	}
	return out, true
}

// mapKeys applies f to the keys; m itself when nothing changes.
func mapKeys[V any](m map[string]V, f func(string) string) (map[string]V, bool) {
	changed := false
	for k := range m {
		if f(k) != k {
			changed = true
			break
		}
	}
	if !changed {
		return m, false
	}
	out := make(map[string]V, len(m))
	for k, v := range m {
		out[f(k)] = v
	}
	return out, true
}
