// Package neterr finds the operating system's own words inside a net
// error, so a message can name the cause ("address already in use",
// "winapi error #10047") without the layers of operation and address
// around it.
package neterr
