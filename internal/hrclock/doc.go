// Package hrclock is a monotonic clock with microsecond resolution on every
// OS Benchtop runs on. Go's time.Now already has it on Linux and macOS; on
// Windows its monotonic reading advances once per timer interrupt (0.5 to
// 15.6 ms), too coarse to stamp MIDI messages or time a loopback. There it
// counts with QueryPerformanceCounter instead.
//
// Now returns a time.Time whose monotonic reading carries the
// high-resolution count, so Sub and Since between two of its values are
// exact; its wall clock is the one read at the program's start plus the
// count, not adjusted afterwards.
package hrclock
