package loadgen

import "sort"

func sortSamples(s []Sample) {
	sort.Slice(s, func(i, j int) bool { return s[i].Start < s[j].Start })
}
