// Package sdkdriver runs the keep-alive probe's calls through the AWS SDKs
// users ship besides aws-sdk-go-v2: boto3 (Python) and the AWS SDK for
// JavaScript v3 (Node.js). Each driver is a small script embedded in the
// binary and run as a child process; it speaks JSON lines: Benchtop writes
// the settings, then one request per call; the driver makes the call with
// the SDK and answers with its latency, whether the SDK's own transport
// opened a connection for it, the phases it could see (DNS, connect, TLS,
// first byte), attempts and error. The schedule, results and charts stay
// in Benchtop.
package sdkdriver
