package report

import (
	"regexp"
	"strings"

	"benchtop/internal/measure/results"
)

// maskedConfig are the settings that name something in the user's account.
var maskedConfig = []string{"table", "function", "profile", "role"}

// reAccountID matches a 12-digit AWS account ID (alone or inside an ARN).
var reAccountID = regexp.MustCompile(`\b\d{12}\b`)

const masked = "(masked)"

// mask returns a copy of a (redacted) run without the hostname, account IDs
// and the names of the user's tables, functions and profiles, wherever they
// appear.
func mask(r *results.Run) *results.Run {
	c := r.Copy() // shares no map or slice with r
	var names []string
	if c.Machine.Hostname != "" {
		names = append(names, c.Machine.Hostname)
	}
	for _, k := range maskedConfig {
		if v := c.Config[k]; v != "" {
			names = append(names, strings.TrimSuffix(v, " (existing)"))
		}
	}
	hide := func(s string) string {
		for _, n := range names {
			if len(n) >= 3 {
				s = strings.ReplaceAll(s, n, masked)
			}
		}
		return reAccountID.ReplaceAllString(s, "************")
	}
	c.Machine.Hostname = ""
	if c.Machine.Extra != nil {
		extra := make(map[string]string, len(c.Machine.Extra))
		for k, v := range c.Machine.Extra {
			extra[k] = hide(v)
		}
		c.Machine.Extra = extra
	}
	for k, v := range c.Config {
		c.Config[k] = hide(v)
	}
	c.Title = hide(c.Title)
	for i := range c.Notes {
		c.Notes[i] = hide(c.Notes[i])
	}
	for gi := range c.Groups {
		g := &c.Groups[gi]
		g.Name = hide(g.Name)
		for si := range g.Samples {
			s := &g.Samples[si]
			s.Err = hide(s.Err)
			if len(s.Tags) > 0 {
				tags := make(map[string]string, len(s.Tags))
				for k, v := range s.Tags {
					tags[k] = hide(v)
				}
				s.Tags = tags
			}
		}
	}
	return c
}
