// Package stack is the stack under test of the socket bench: the app
// (Benchtop's Go app in process or as a child, or the original's Starlette
// on gunicorn), the reverse proxies in front of it (real nginx or Go's
// httputil), and the bridge network (a namespace behind a veth pair). It
// starts each, says where it listens, and stops it leaving nothing behind;
// it measures nothing (probes/loadgen does, driven by probes/sockets).
package stack
