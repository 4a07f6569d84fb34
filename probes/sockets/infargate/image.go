package infargate

import (
	"archive/tar"
	"bytes"
	"context"
	"encoding/base64"
	"fmt"
	"io"
	"net"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/ecr"
	"github.com/google/go-containerregistry/pkg/authn"
	"github.com/google/go-containerregistry/pkg/name"
	v1 "github.com/google/go-containerregistry/pkg/v1"
	"github.com/google/go-containerregistry/pkg/v1/empty"
	"github.com/google/go-containerregistry/pkg/v1/mutate"
	"github.com/google/go-containerregistry/pkg/v1/remote"
	"github.com/google/go-containerregistry/pkg/v1/tarball"
	"github.com/google/go-containerregistry/pkg/v1/types"
)

// programPath is where benchtop-task sits in its image.
const programPath = "/benchtop-task"

// Image is benchtop-task as a one-layer OCI image for linux/goarch: the
// binary and nothing else (it is static, and it needs no shell). Built in
// Go: no Docker.
func Image(program []byte, goarch string) (v1.Image, error) {
	var tb bytes.Buffer
	tw := tar.NewWriter(&tb)
	hdr := &tar.Header{Name: strings.TrimPrefix(programPath, "/"), Mode: 0o755, Size: int64(len(program)), Typeflag: tar.TypeReg, ModTime: time.Unix(0, 0)}
	if err := tw.WriteHeader(hdr); err != nil {
		return nil, err
	}
	if _, err := tw.Write(program); err != nil {
		return nil, err
	}
	if err := tw.Close(); err != nil {
		return nil, err
	}
	layer, err := tarball.LayerFromOpener(func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(tb.Bytes())), nil },
		tarball.WithMediaType(types.OCILayer))
	if err != nil {
		return nil, fmt.Errorf("image layer: %w", err)
	}
	img := mutate.ConfigMediaType(mutate.MediaType(empty.Image, types.OCIManifestSchema1), types.OCIConfigJSON)
	if img, err = mutate.AppendLayers(img, layer); err != nil {
		return nil, fmt.Errorf("image: %w", err)
	}
	cf, err := img.ConfigFile()
	if err != nil {
		return nil, err
	}
	cf = cf.DeepCopy()
	cf.OS, cf.Architecture = "linux", goarch
	cf.Config.Entrypoint = []string{programPath}
	return mutate.ConfigFile(img, cf)
}

// push writes the image to repo (host/name) and returns it by digest,
// which is what the task definition names.
func push(ctx context.Context, img v1.Image, repo string, auth authn.Authenticator) (string, error) {
	var opts []name.Option
	if host, _, _ := strings.Cut(repo, "/"); isLoopback(host) {
		opts = append(opts, name.Insecure) // a test's registry
	}
	ref, err := name.ParseReference(repo+":latest", opts...)
	if err != nil {
		return "", fmt.Errorf("image reference %q: %w", repo, err)
	}
	if err := remote.Write(ref, img, remote.WithAuth(auth), remote.WithContext(ctx)); err != nil {
		return "", fmt.Errorf("pushing the image to %s: %w", repo, err)
	}
	dg, err := img.Digest()
	if err != nil {
		return "", err
	}
	return repo + "@" + dg.String(), nil
}

func isLoopback(host string) bool {
	h, _, err := net.SplitHostPort(host)
	if err != nil {
		h = host
	}
	ip := net.ParseIP(h)
	return h == "localhost" || (ip != nil && ip.IsLoopback())
}

// ecrAuth is the registry login ECR hands out for a day.
func ecrAuth(ctx context.Context, c *ecr.Client) (authn.Authenticator, error) {
	out, err := c.GetAuthorizationToken(ctx, &ecr.GetAuthorizationTokenInput{})
	if err != nil {
		return nil, describeAWS("getting the registry login", err)
	}
	if len(out.AuthorizationData) == 0 || out.AuthorizationData[0].AuthorizationToken == nil {
		return nil, fmt.Errorf("getting the registry login: ECR answered without a token")
	}
	raw, err := base64.StdEncoding.DecodeString(*out.AuthorizationData[0].AuthorizationToken)
	if err != nil {
		return nil, fmt.Errorf("getting the registry login: %w", err)
	}
	user, pass, ok := strings.Cut(string(raw), ":")
	if !ok {
		return nil, fmt.Errorf("getting the registry login: a token without user:password")
	}
	return &authn.Basic{Username: user, Password: pass}, nil
}
