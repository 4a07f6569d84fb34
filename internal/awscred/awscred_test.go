package awscred

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
)

// The SDK's errors as it words them (aws-sdk-go-v2 1.x): a credential
// chain that found nothing, through an STS call and through Retrieve, and
// an answer from STS.
func TestReason(t *testing.T) {
	for _, tc := range []struct{ sdk, want string }{
		{"operation error STS: GetCallerIdentity, get identity: get credentials: failed to refresh cached credentials, no EC2 IMDS role found, operation error ec2imds: GetMetadata, http response error StatusCode: 404, request to EC2 IMDS failed",
			"could not get credentials (no EC2 IMDS role found, operation error ec2imds: GetMetadata, http response error StatusCode: 404, request to EC2 IMDS failed)"},
		{"failed to refresh cached credentials, no EC2 IMDS role found, operation error ec2imds: GetMetadata, http response error StatusCode: 404, request to EC2 IMDS failed",
			"no EC2 IMDS role found, operation error ec2imds: GetMetadata, http response error StatusCode: 404, request to EC2 IMDS failed"},
		{"operation error STS: GetCallerIdentity, https response error StatusCode: 403, RequestID: x, api error InvalidClientTokenId: The security token included in the request is invalid.",
			"InvalidClientTokenId: The security token included in the request is invalid"},
		{"failed to refresh cached credentials,\n no EC2 IMDS role found for AKIAIOSFODNN7EXAMPLE, request to http://user:hunter2@127.0.0.1:1/latest?X-Amz-Signature=abc failed",
			"no EC2 IMDS role found for AKIAREDACTED, request to http://REDACTED@127.0.0.1:1/latest?X-Amz-Signature=REDACTED failed"},
	} {
		if got := Reason(errors.New(tc.sdk)); got != tc.want {
			t.Errorf("Reason(%q)\n got %q\nwant %q", tc.sdk, got, tc.want)
		}
	}
	long := Reason(errors.New(strings.Repeat("x ", 400)))
	if n := len([]rune(long)); n != maxReason+1 || !strings.HasSuffix(long, "…") {
		t.Errorf("a long reason: %d runes, %q…", n, long[:20])
	}
}

func TestCheck(t *testing.T) {
	if err := Check(context.Background(), aws.Config{Credentials: credentials.NewStaticCredentialsProvider("AKIDEXAMPLE", "s", "")}); err != nil {
		t.Errorf("static credentials: %v", err)
	}
	none := aws.Config{Credentials: aws.CredentialsProviderFunc(func(context.Context) (aws.Credentials, error) {
		return aws.Credentials{}, errors.New("failed to refresh cached credentials, no EC2 IMDS role found")
	})}
	want := "no usable AWS credentials (no EC2 IMDS role found); " + Hint
	if err := Check(context.Background(), none); err == nil || err.Error() != want {
		t.Errorf("got %v, want %q", err, want)
	}
	if err := Check(context.Background(), aws.Config{}); err == nil || !strings.HasPrefix(err.Error(), "no usable AWS credentials; ") {
		t.Errorf("no provider: %v", err)
	}
}
