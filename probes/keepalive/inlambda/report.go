package inlambda

import (
	"encoding/base64"
	"fmt"
	"regexp"
	"strconv"
	"strings"
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
	// Status is "timeout" or "error" when Lambda ended the invocation
	// itself (it then writes no error of the function's own), with
	// ErrorType for errors ("Runtime.OutOfMemory", "Runtime.ExitError").
	Status    string
	ErrorType string
	raw       string
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
	reStatus    = regexp.MustCompile(`\tStatus: (\S+)`)
	reErrorType = regexp.MustCompile(`Error Type: (\S+)`)
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
	line, _, _ := strings.Cut(s[m[0]:], "\n") // the REPORT line alone: an XRAY line may follow
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
	if mm := reStatus.FindStringSubmatch(line); mm != nil {
		r.Status = mm[1]
	}
	if mm := reErrorType.FindStringSubmatch(line); mm != nil {
		r.ErrorType = mm[1]
	}
	return r
}

// failure says why an invocation failed in the words a user acts on: a
// timeout or an out-of-memory end that Lambda reported, else the
// function's own error.
func (r Report) failure(functionError string, payload []byte) string {
	switch {
	case r.Status == "timeout":
		return fmt.Sprintf("the function timed out after %.1f s (Lambda's REPORT: Status: timeout): a function in a VPC needs a route to DynamoDB "+
			"(a NAT gateway or a DynamoDB gateway endpoint), or a longer timeout", r.DurationMS/1000)
	case r.ErrorType == "Runtime.OutOfMemory" || (r.Found && r.MemoryMB > 0 && r.MaxMemoryMB >= r.MemoryMB):
		// older REPORT lines have no Error Type: a failed invocation at
		// its memory ceiling is the same story
		return fmt.Sprintf("the function ran out of memory (%d of %d MB used): give it more memory (--lambda-memory; with --function, its own setting)", r.MaxMemoryMB, r.MemoryMB)
	case r.Status != "":
		return fmt.Sprintf("the function failed (Lambda's REPORT: Status: %s, %s): %s", r.Status, orUnknown(r.ErrorType), strings.TrimSpace(string(payload)))
	}
	return fmt.Sprintf("function error (%s): %s", functionError, strings.TrimSpace(string(payload)))
}

func orUnknown(s string) string {
	if s == "" {
		return "no error type"
	}
	return "error type " + s
}
