// Package files reads and writes the files Benchtop is handed or makes:
// reads are bounded and refuse what is not a regular file (a FIFO would
// block forever, /dev/zero would never end); writes are atomic.
package files
