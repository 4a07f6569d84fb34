// Package inlambda runs the keep-alive probe where the original experiment
// ran it: inside AWS Lambda. It deploys the embedded function (an IAM role
// whose inline policy allows only what the probe does, a log group, the
// function), invokes it on the probe's schedule, reads each invocation's
// REPORT (duration, billed duration, init duration of a cold start) from
// the tail of its log, and removes everything it made on every path —
// success, error, Ctrl-C, a deploy that failed half-way — unless told to
// keep it. Every resource carries the tag benchtop:run=<run id>; Cleanup
// finds what a killed run left. AWS_ENDPOINT_URL and the per-service
// AWS_ENDPOINT_URL_LAMBDA, _IAM, _CLOUDWATCH_LOGS, _DYNAMODB are the SDK's
// own: the whole flow runs against emulators too.
package inlambda
