package results

import (
	"encoding/csv"
	"io"
	"sort"
	"strconv"

	"benchtop/internal/term"
)

// WriteCSV writes one row per request: group, seq, t_s, latency_us, error,
// then one column per phase (µs; empty where it did not happen), per count
// and per tag, each in sorted order so that columns are stable across runs of a kind.
// Text cells (group, error, tags, the names of the columns) can come from
// a shared run file or a server: a spreadsheet must not run them as
// formulas (term.CSVCell); the numbers are Benchtop's own.
func (r *Run) WriteCSV(w io.Writer) error {
	r = r.Redacted()
	phases, counts, tags := map[string]bool{}, map[string]bool{}, map[string]bool{}
	for _, g := range r.Groups {
		for _, s := range g.Samples {
			for k := range s.Phases {
				phases[k] = true
			}
			for k := range s.Counts {
				counts[k] = true
			}
			for k := range s.Tags {
				tags[k] = true
			}
		}
	}
	pk, ck, tk := sortedKeys(phases), sortedKeys(counts), sortedKeys(tags)
	cw := csv.NewWriter(w)
	head := []string{"group", "seq", "t_s", "latency_us", "error"}
	for _, k := range pk {
		head = append(head, k+"_us")
	}
	head = append(head, ck...)
	head = append(head, tk...)
	for i := range head {
		head[i] = term.CSVCell(head[i])
	}
	if err := cw.Write(head); err != nil {
		return err
	}
	row := make([]string, 0, len(head))
	for _, g := range r.Groups {
		group := term.CSVCell(g.Name)
		for _, s := range g.Samples {
			row = append(row[:0], group, strconv.Itoa(s.Seq), ftoa(s.AtS, 6), ftoa(s.LatencyUS, 1), term.CSVCell(s.Err))
			for _, k := range pk {
				if v, ok := s.Phases[k]; ok {
					row = append(row, ftoa(v, 1))
				} else {
					row = append(row, "")
				}
			}
			for _, k := range ck {
				if v, ok := s.Counts[k]; ok {
					row = append(row, strconv.FormatInt(v, 10))
				} else {
					row = append(row, "")
				}
			}
			for _, k := range tk {
				row = append(row, term.CSVCell(s.Tags[k]))
			}
			if err := cw.Write(row); err != nil {
				return err
			}
		}
	}
	cw.Flush()
	return cw.Error()
}

func ftoa(v float64, prec int) string { return strconv.FormatFloat(v, 'f', prec, 64) }

func sortedKeys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
