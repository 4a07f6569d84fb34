package assets

import "embed"

// IconPNG is the 512×512 app icon, also named by FyneApp.toml.
//
//go:embed icon.png
var IconPNG []byte

// PublishedSocketsJSON holds the published socket-vs-TCP tables that the
// Sockets tab shows beside the user's own run.
//
//go:embed published/sockets.json
var PublishedSocketsJSON []byte

// USBIDsGz is the public usb.ids database (Linux USB ID repository, as
// packaged by Debian's usb.ids 2025.07.26; BSD-3-Clause or GPL-2.0+),
// gzipped: vendor and product names for devices that give none.
//
//go:embed usbids/usb.ids.gz
var USBIDsGz []byte

// LambdaFS holds the keep-alive probe's AWS Lambda bundles,
// lambda/keepalive-<arch>.zip, when make build made them (a plain `go build`
// has only the README: `benchtop lambda bundle` then says how to get them).
//
//go:embed lambda
var LambdaFS embed.FS

// FargateFS holds the socket bench's Fargate task program,
// fargate/benchtop-task-<arch>, when make build made it (a plain `go build`
// has only the README: `sockets --in fargate` then says how to get it).
//
//go:embed fargate
var FargateFS embed.FS
