package term

// CSVCell neutralises a text cell for spreadsheets, as OWASP recommends
// against CSV (formula) injection: a cell that starts with =, +, -, @, a
// tab or a carriage return would be run as a formula by Excel, LibreOffice
// or Google Sheets; it gets a leading single quote, which they show as
// text. Control characters are escaped as by Clean first (a CSV file is
// also read with cat). Write numbers Benchtop made without it: -5 stays a
// number.
func CSVCell(s string) string {
	if s == "" {
		return s
	}
	s = Clean(s)
	switch s[0] {
	case '=', '+', '-', '@', '\t', '\r':
		return "'" + s
	}
	return s
}
