package term

import "strings"

// Line is Clean for text that must stay on one line: a table cell, an ID,
// a header. Newlines and tabs are escaped too (\n, \t), so a name cannot
// start a row of its own or shift a tab-aligned table's columns.
func Line(s string) string {
	s = Clean(s)
	if !strings.ContainsAny(s, "\n\t") {
		return s
	}
	return strings.NewReplacer("\n", `\n`, "\t", `\t`).Replace(s)
}
