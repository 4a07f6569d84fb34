package task

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"

	"benchtop/internal/measure/results"
)

// A run leaves the task as its JSON on stdout, which the awslogs driver
// sends to CloudWatch Logs. A log event holds at most 256 KB and Docker
// splits lines longer than 16 KB, so the JSON goes out in numbered lines
// of ChunkSize bytes: "benchtop.run/1 3/12 <piece>". Compact JSON has no
// newline inside, so the pieces join back into the document.
const ChunkSize = 8000

// linePrefix starts every line of a run.
const linePrefix = results.Schema + " "

// Emit writes the run in numbered lines.
func Emit(w io.Writer, run *results.Run) error {
	var b bytes.Buffer
	if err := json.NewEncoder(&b).Encode(run); err != nil {
		return err
	}
	doc := bytes.TrimSpace(b.Bytes())
	n := (len(doc) + ChunkSize - 1) / ChunkSize
	for i := 0; i < n; i++ {
		piece := doc[i*ChunkSize : min((i+1)*ChunkSize, len(doc))]
		if _, err := fmt.Fprintf(w, "%s%d/%d %s\n", linePrefix, i+1, n, piece); err != nil {
			return err
		}
	}
	return nil
}

// Collect finds a run's lines among a log's messages (other lines are the
// program's own messages) and reads the run back. It says what is missing
// when the log ended early.
func Collect(messages []string) (*results.Run, error) {
	var parts []string
	got := 0
	for _, m := range messages {
		rest, ok := strings.CutPrefix(strings.TrimRight(m, "\r\n"), linePrefix)
		if !ok {
			continue
		}
		idx, piece, _ := strings.Cut(rest, " ")
		is, ns, _ := strings.Cut(idx, "/")
		i, err1 := strconv.Atoi(is)
		n, err2 := strconv.Atoi(ns)
		if err1 != nil || err2 != nil || n < 1 || i < 1 || i > n {
			continue
		}
		if parts == nil {
			parts = make([]string, n)
		}
		if len(parts) != n || parts[i-1] != "" {
			continue // another run's lines, or a repeat
		}
		parts[i-1] = piece
		got++
	}
	if parts == nil {
		return nil, fmt.Errorf("no result in the log")
	}
	if got != len(parts) {
		return nil, fmt.Errorf("the result in the log is incomplete: %d of %d parts", got, len(parts))
	}
	return results.ReadJSON(strings.NewReader(strings.Join(parts, "")))
}
