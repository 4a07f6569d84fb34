package inlambda

import (
	"encoding/base64"
	"regexp"
	"strconv"
)

// Report is an invocation's REPORT line (the last lines of its log, which
// Invoke returns with LogType Tail).
type Report struct {
	DurationMS  float64
	BilledMS    float64
	InitMS      float64 // only on a cold start
	MemoryMB    int
	MaxMemoryMB int
	Cold        bool
	Found       bool
	RequestID   string
	raw         string
}

var (
	reReport = regexp.MustCompile(`REPORT RequestId: (\S+)`)
	reField  = map[string]*regexp.Regexp{
		"Duration":        regexp.MustCompile(`\tDuration: ([0-9.]+) ms`),
		"Billed Duration": regexp.MustCompile(`Billed Duration: ([0-9.]+) ms`),
		"Init Duration":   regexp.MustCompile(`Init Duration: ([0-9.]+) ms`),
		"Memory Size":     regexp.MustCompile(`Memory Size: ([0-9]+) MB`),
		"Max Memory Used": regexp.MustCompile(`Max Memory Used: ([0-9]+) MB`),
	}
)

// ParseReport reads the REPORT line out of a base64 log tail.
func ParseReport(logTail64 string) Report {
	b, err := base64.StdEncoding.DecodeString(logTail64)
	if err != nil {
		return Report{}
	}
	s := string(b)
	m := reReport.FindStringSubmatchIndex(s)
	if m == nil {
		return Report{raw: s}
	}
	line := s[m[0]:]
	r := Report{Found: true, RequestID: s[m[2]:m[3]], raw: s}
	f := func(name string) float64 {
		if mm := reField[name].FindStringSubmatch(line); mm != nil {
			v, _ := strconv.ParseFloat(mm[1], 64)
			return v
		}
		return 0
	}
	r.DurationMS, r.BilledMS, r.InitMS = f("Duration"), f("Billed Duration"), f("Init Duration")
	r.MemoryMB, r.MaxMemoryMB = int(f("Memory Size")), int(f("Max Memory Used"))
	r.Cold = r.InitMS > 0
	return r
}
