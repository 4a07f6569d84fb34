package sockets

import "runtime"

// What this system can run; the window offers and the CLI accepts only
// these.
var (
	// BridgeSupported: the bridge network is made of Linux network
	// namespaces and a veth pair.
	BridgeSupported = runtime.GOOS == "linux"
	// StarletteSupported: gunicorn, the original's process manager, runs on
	// Unix only (it forks its workers).
	StarletteSupported = runtime.GOOS != "windows"
)
