// Package heaptune sets glibc's malloc thresholds at start, before the
// OpenGL driver allocates anything: large blocks come from the heap (up to
// 32 MB) and freed memory at the heap's top is given back to the system
// only past 64 MB — the values glibc's own adaptive thresholds reach after
// the first large block is freed.
//
// Why: under Mesa's software renderer (a VM, a remote desktop, Xvfb) the
// driver allocates and frees blocks of megabytes every frame. With glibc's
// starting thresholds the heap grows for each and is trimmed right after,
// so every frame pays for fresh pages (page faults, zeroing, copying): the
// Live tab's paint took 13–17 ms a frame for its first 5–7 s, then 2–3 ms
// once glibc raised its thresholds by itself (measured frame by frame with
// Fyne's painter timed, docs/benchmarks.md). Set at start, every frame is
// the fast one. Go's own heap does not use malloc; only C libraries (GL,
// GLFW, X11, RtMidi) are affected.
//
// Linux with glibc and cgo only; elsewhere it does nothing. main.go and
// the floor program (scripts/fynefloor) import it, so the two compare on
// the same footing.
package heaptune
