package sdkdriver

import (
	"fmt"

	"benchtop/internal/files"
)

// LambdaFunction is an SDK's keep-alive function for AWS Lambda: its
// runtime, its handler and its zip. Go's is the provided.al2023 bootstrap
// make build cross-compiles and embeds; boto3's and JavaScript's are their
// driver scripts (which double as handlers) on Lambda's own python3.12 and
// nodejs20.x runtimes, using the SDK built into them — the original's setup.
type LambdaFunction struct {
	Runtime, Handler string
	Zip              []byte
}

// LambdaRuntime names sdk's Lambda runtime and handler.
func LambdaRuntime(sdk string) (runtime, handler string) {
	switch sdk {
	case Python:
		return "python3.12", "benchtop_keepalive.handler"
	case JS:
		return "nodejs20.x", "index.handler"
	}
	return "provided.al2023", "bootstrap"
}

// Lambda returns sdk's function; goBundle gives Go's zip for an
// architecture (the scripts run on any).
func Lambda(sdk, arch string, goBundle func(arch string) ([]byte, error)) (LambdaFunction, error) {
	var f LambdaFunction
	f.Runtime, f.Handler = LambdaRuntime(sdk)
	var script, name string
	switch sdk {
	case Go:
		if goBundle == nil {
			return f, fmt.Errorf("no Lambda bundle to deploy")
		}
		var err error
		f.Zip, err = goBundle(arch)
		return f, err
	case Python:
		script, name = "boto3_driver.py", "benchtop_keepalive.py"
	case JS:
		script, name = "js_driver.cjs", "index.js"
	default:
		return f, fmt.Errorf("no Lambda function for SDK %q", sdk)
	}
	src, err := scripts.ReadFile(script)
	if err != nil {
		return f, err
	}
	f.Zip, err = files.ZipOne(name, src, 0o644)
	return f, err
}
