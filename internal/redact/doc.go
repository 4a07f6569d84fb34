// Package redact keeps secrets out of everything Benchtop prints, saves and
// exports: credentials in URLs (user info, signed-URL and token query
// parameters) and AWS access key IDs in any text.
package redact
