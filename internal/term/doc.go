// Package term is Benchtop's one sanitiser for text from outside (a USB
// product string, a line of a dump, a run file someone shared, a server's
// error): Clean and Line keep it from driving the terminal (escape
// sequences), Markdown and MarkdownCode from becoming markup in a report,
// CSVCell from being run as a formula by a spreadsheet. Every output that
// prints such text goes through one of them; JSON keeps it exactly.
package term
