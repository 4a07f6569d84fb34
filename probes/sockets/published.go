package sockets

import (
	"encoding/json"
	"fmt"

	"benchtop/assets"
)

// Published is the reference data of the original experiment.
type Published struct {
	Source       string         `json:"source"`
	Note         string         `json:"note"`
	Environments []PublishedEnv `json:"environments"`
}

// PublishedEnv is one environment's table.
type PublishedEnv struct {
	Name string         `json:"name"`
	Rows []PublishedRow `json:"rows"`
}

// PublishedRow is one architecture's published numbers.
type PublishedRow struct {
	Arch      string  `json:"arch"`
	ReqPerSec float64 `json:"req_per_sec"`
	MeanMS    float64 `json:"mean_ms"`
	P99MS     float64 `json:"p99_ms"`
}

// PublishedArchFor maps the original's architecture names to Benchtop's:
// "tcp" is proxy-tcp; "sharedvolume" and "combined" both put nginx in front
// of a Unix socket (proxy-unix).
var PublishedArchFor = map[string]string{"tcp": ProxyTCP, "sharedvolume": ProxyUnix, "combined": ProxyUnix}

// LoadPublished parses the embedded tables.
func LoadPublished() (Published, error) {
	var p Published
	if err := json.Unmarshal(assets.PublishedSocketsJSON, &p); err != nil {
		return p, fmt.Errorf("published tables: %w", err)
	}
	return p, nil
}
