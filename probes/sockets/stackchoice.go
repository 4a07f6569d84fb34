package sockets

// Apps under test (Config.App): which app the stack starts.
const (
	AppGo        = "go"        // Benchtop's own app (in process, or a child inside a bridge namespace)
	AppStarlette = "starlette" // the original's: Starlette on uvicorn workers under gunicorn
)

// Networks between the proxy (and the client) and the app (Config.Network).
const (
	NetworkHost   = "host"   // loopback, one network namespace
	NetworkBridge = "bridge" // the app in a namespace of its own joined by a veth pair, like Docker's bridge
)
