package sockets

import "runtime"

// BridgeSupported: the bridge network is made of Linux network namespaces
// and a veth pair; other systems are offered the host network only.
var BridgeSupported = runtime.GOOS == "linux"
