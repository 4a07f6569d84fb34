package infargate

import (
	"errors"
	"fmt"
	"io/fs"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/config"

	"benchtop/assets"
	"benchtop/internal/settings"
	"benchtop/probes/sockets"
)

// Options is one run on Fargate. The bench's load settings (architectures,
// requests, concurrency, sweep, warm-up, per-request timeout, keep-alive,
// rate) and the app (go or starlette, its workers) are Bench's.
type Options struct {
	Bench        sockets.Config
	CPUArch      string        // arm64 (Graviton, the default) or x86_64
	TaskCPU      float64       // vCPU: 0.25, 0.5, 1, 2, 4, 8 or 16
	TaskMemoryMB int           // MiB, within what Fargate allows for TaskCPU
	TaskTimeout  time.Duration // how long to wait for the task's result
	// Subnets and SecurityGroups place the task; none: the default VPC's
	// subnets and its default security group.
	Subnets        []string
	SecurityGroups []string
	Keep           bool // leave everything in place (benchtop fargate cleanup removes it)
	Region         string
	Profile        string
	NginxImage     string
	PythonImage    string // the app container's with --app starlette
	// Program returns benchtop-task for a Go architecture (arm64, amd64).
	Program func(goarch string) ([]byte, error)
	// Registry, if set, receives the image instead of the repository's
	// ECR endpoint (tests: an in-memory registry).
	Registry string
	// Poll is how often the task's state is asked for (default 5 s).
	Poll time.Duration
	// OnStep hears each step ("creating role …").
	OnStep func(string)
	// OnStarted hears where the task's client writes, once it runs.
	OnStarted func(Started)
	// AWSOptions are added to the SDK's configuration (tests: an HTTP
	// client that mends an emulator's answers).
	AWSOptions []func(*config.LoadOptions) error
}

// Started says where a running task writes its result.
type Started struct {
	Cluster, TaskARN, LogGroup, LogStream string
}

// Defaults.
const (
	DefaultCPUArch     = "arm64"
	DefaultTaskCPU     = 1.0
	DefaultTaskMemory  = 2048
	DefaultTaskTimeout = 15 * time.Minute
	// DefaultNginxImage is the official nginx image, multi-architecture,
	// from ECR Public (no Docker Hub pull limits, no credentials).
	DefaultNginxImage = "public.ecr.aws/nginx/nginx:stable"
	// DefaultPythonImage is the official Python image (Debian slim,
	// multi-architecture) as ECR Public mirrors Docker Hub's library: the
	// --app starlette container pip-installs its stack into it at start.
	DefaultPythonImage = "public.ecr.aws/docker/library/python:3.12-slim"
	TagKey             = "benchtop:run"
	// ExperimentTagKey=ExperimentTag is a run's second tag, on all it
	// makes: the keep-alive probe's runs in Lambda tag theirs with TagKey
	// too, and `fargate cleanup` must leave those alone.
	ExperimentTagKey = "benchtop:experiment"
	ExperimentTag    = "sockets-fargate"
	namePrefix       = "benchtop-sockets-"
	logGroupPrefix   = "/benchtop/sockets/"
)

// DefaultOptions starts from the bench's defaults, with nginx as the proxy
// (the task's proxy is always nginx).
func DefaultOptions() Options {
	b := sockets.DefaultConfig()
	b.Proxy = sockets.ProxyNginx
	return Options{Bench: b, CPUArch: DefaultCPUArch, TaskCPU: DefaultTaskCPU, TaskMemoryMB: DefaultTaskMemory,
		TaskTimeout: DefaultTaskTimeout, NginxImage: DefaultNginxImage, PythonImage: DefaultPythonImage, Program: EmbeddedProgram}
}

// fargateSizes are Fargate's task sizes: vCPU in CPU units, and the
// memory (MiB) each allows: from, to, step.
var fargateSizes = map[int][3]int{
	256: {512, 2048, 512}, 512: {1024, 4096, 1024}, 1024: {2048, 8192, 1024}, 2048: {4096, 16384, 1024},
	4096: {8192, 30720, 1024}, 8192: {16384, 61440, 4096}, 16384: {32768, 122880, 8192},
}

// cpuUnits is TaskCPU in ECS's units (1024 a vCPU).
func (o *Options) cpuUnits() int { return int(o.TaskCPU * 1024) }

// Validate checks the settings before anything is made.
func (o *Options) Validate() error {
	b := o.Bench
	if b.Target != "" {
		return settings.Field("target", "in Fargate the task serves itself: no --target")
	}
	if b.Network != sockets.NetworkHost {
		return settings.Field("network", "in Fargate the containers share the task's one network namespace: no --network")
	}
	if b.Proxy == sockets.ProxyBuiltin {
		return settings.Field("proxy", "in Fargate the proxy is nginx, in a container of its own, as in the original")
	}
	b.Proxy = sockets.ProxyNginx
	if err := b.ValidateElsewhere(); err != nil { // the task runs Linux, whatever this system is
		return err
	}
	o.Bench = b
	switch o.CPUArch {
	case "arm64", "x86_64":
	default:
		return settings.Field("cpu-arch", "unknown CPU architecture %q (want arm64 or x86_64)", o.CPUArch)
	}
	mem, ok := fargateSizes[o.cpuUnits()]
	if !ok || float64(o.cpuUnits()) != o.TaskCPU*1024 {
		return settings.Field("task-cpu", "Fargate has tasks of 0.25, 0.5, 1, 2, 4, 8 or 16 vCPU, not %g", o.TaskCPU)
	}
	if m := o.TaskMemoryMB; m < mem[0] || m > mem[1] || (m-mem[0])%mem[2] != 0 {
		return settings.Field("task-memory", "a %g vCPU task has %d–%d MiB in steps of %d, not %d", o.TaskCPU, mem[0], mem[1], mem[2], m)
	}
	if o.TaskTimeout <= 0 {
		return settings.Field("task-timeout", "the task timeout %v must be positive", o.TaskTimeout)
	}
	if len(o.SecurityGroups) > 0 && len(o.Subnets) == 0 {
		return settings.Field("security-group", "a security group without --subnet: name the subnet too (or neither, for the default VPC)")
	}
	if o.NginxImage == "" {
		o.NginxImage = DefaultNginxImage
	}
	if o.PythonImage == "" {
		o.PythonImage = DefaultPythonImage
	}
	return nil
}

// goarch is the Go name of the task's CPU architecture.
func (o *Options) goarch() string {
	if o.CPUArch == "x86_64" {
		return "amd64"
	}
	return "arm64"
}

// ArchLabel is "ARM64" or "X86_64", as ECS spells it.
func (o *Options) ArchLabel() string { return strings.ToUpper(o.CPUArch) }

func (o *Options) step(format string, a ...any) {
	if o.OnStep != nil {
		o.OnStep(fmt.Sprintf(format, a...))
	}
}

// EmbeddedProgram is benchtop-task for a Go architecture, as make build
// embedded it in the benchtop binary.
func EmbeddedProgram(goarch string) ([]byte, error) {
	return programIn(assets.FargateFS, goarch)
}

// programIn reads benchtop-task for goarch from fsys (the embedded assets;
// a test passes an empty one, as a plain go build has).
func programIn(fsys fs.FS, goarch string) ([]byte, error) {
	b, err := fs.ReadFile(fsys, "fargate/benchtop-task-"+goarch)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, errors.New("this benchtop was built without the Fargate task program: build it with make build (it cross-compiles benchtop-task for arm64 and amd64)")
	}
	return b, err
}

func (o *Options) poll() time.Duration {
	if o.Poll > 0 {
		return o.Poll
	}
	return 5 * time.Second
}
