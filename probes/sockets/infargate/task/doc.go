// Package task is the program that runs inside the Fargate task of
// `benchtop sockets --in fargate`, and the contract between it and the
// side that plans the task: where the shared volume is mounted, which
// ports the app and nginx listen on (one network namespace: loopback),
// the app container (Benchtop's Go app, or gunicorn with uvicorn workers
// serving the Starlette app), the nginx configuration, the bench settings
// in the environment, and how the client's run comes back through the log
// (Emit and Collect).
//
// The same program, with the same commands and environment, runs on this
// machine as processes sharing a directory: that is how it is tested.
package task
