// Package version says which Benchtop this is: the release number set at
// build time and the source revision Go records in every binary built from
// a git checkout. Every saved run and report carries it.
package version

import (
	"runtime/debug"
	"strings"
)

// Number is set at build time with -ldflags "-X benchtop/internal/version.Number=...".
var Number = "0.1.0-dev"

// Info is the version and where the binary came from.
type Info struct {
	Number   string `json:"number"`
	Revision string `json:"revision,omitempty"` // VCS commit
	Time     string `json:"time,omitempty"`     // commit time, RFC 3339
	Modified bool   `json:"modified,omitempty"` // built from a tree with uncommitted changes
	Go       string `json:"go,omitempty"`
}

// Get reads the build info of the running binary.
func Get() Info {
	in := Info{Number: Number}
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return in
	}
	in.Go = bi.GoVersion
	for _, s := range bi.Settings {
		switch s.Key {
		case "vcs.revision":
			in.Revision = s.Value
		case "vcs.time":
			in.Time = s.Value
		case "vcs.modified":
			in.Modified = s.Value == "true"
		}
	}
	return in
}

// String is "0.1.0 (3f2a9c1d0b7e, 2026-11-26T06:00:00Z, modified)", or just
// the number when the build recorded no revision (go run, go test).
func (in Info) String() string {
	if in.Revision == "" {
		return in.Number
	}
	rev := in.Revision
	if len(rev) > 12 {
		rev = rev[:12]
	}
	parts := []string{rev}
	if in.Time != "" {
		parts = append(parts, in.Time)
	}
	if in.Modified {
		parts = append(parts, "modified")
	}
	return in.Number + " (" + strings.Join(parts, ", ") + ")"
}
