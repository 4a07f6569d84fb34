package midi

import (
	"sort"
	"time"

	"benchtop/internal/measure/chart"
)

func sortDurations(d []time.Duration) { sort.Slice(d, func(i, j int) bool { return d[i] < d[j] }) }

func chartTitle(c chart.Chart) string {
	if h, ok := c.(chart.Histogram); ok {
		return h.Title
	}
	return ""
}
