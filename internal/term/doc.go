// Package term keeps text from files and devices from driving the terminal:
// a USB product string or a line of a dump can hold escape sequences.
package term
