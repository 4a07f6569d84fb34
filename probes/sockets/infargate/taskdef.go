package infargate

import (
	"sort"
	"strconv"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ecs"
	ecstypes "github.com/aws/aws-sdk-go-v2/service/ecs/types"

	"benchtop/probes/sockets"
	"benchtop/probes/sockets/infargate/task"
)

// TaskDef is the task definition in the ECS API's own JSON (what `aws ecs
// register-task-definition --cli-input-json` takes), so the dry run prints
// what a person can read against the ECS documentation.
type TaskDef struct {
	Family                  string              `json:"family"`
	NetworkMode             string              `json:"networkMode"`
	RequiresCompatibilities []string            `json:"requiresCompatibilities"`
	CPU                     string              `json:"cpu"`
	Memory                  string              `json:"memory"`
	RuntimePlatform         map[string]string   `json:"runtimePlatform"`
	ExecutionRoleArn        string              `json:"executionRoleArn"`
	Volumes                 []map[string]any    `json:"volumes"`
	ContainerDefinitions    []Container         `json:"containerDefinitions"`
	Tags                    []map[string]string `json:"tags"`
}

// Container is one container definition.
type Container struct {
	Name             string              `json:"name"`
	Image            string              `json:"image"`
	Essential        bool                `json:"essential"`
	Memory           int                 `json:"memory"`
	EntryPoint       []string            `json:"entryPoint,omitempty"`
	Command          []string            `json:"command"`
	Environment      []map[string]string `json:"environment"`
	MountPoints      []map[string]any    `json:"mountPoints,omitempty"`
	DependsOn        []map[string]string `json:"dependsOn,omitempty"`
	LogConfiguration map[string]any      `json:"logConfiguration"`
}

// Container names; the client's log stream is streamPrefix/client/<task id>.
const (
	volumeName   = "shared"
	streamPrefix = "benchtop"
)

// taskDef is the run's task definition: nginx and the app mount the shared
// volume (the socket is on it), as in the original; the client mounts it
// too, for direct-unix (the client straight to the app's socket). Only the
// client is essential: when it has written its run and exits, the task
// stops. image is benchtop-task's image (the client's, and the Go app's;
// the Starlette app's is PythonImage); region names the log group's.
func (d *deployment) taskDef(image, roleARN, region string) TaskDef {
	o := d.o
	l := task.DefaultLayout()
	bench := task.BenchOf(o.Bench)
	app := l.AppContainer(bench)
	appImage := image
	if o.Bench.App == sockets.AppStarlette {
		appImage = o.PythonImage
	}
	env := func(m map[string]string) []map[string]string {
		keys := make([]string, 0, len(m))
		for k := range m {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		var out []map[string]string
		for _, k := range keys {
			out = append(out, map[string]string{"name": k, "value": m[k]})
		}
		return out
	}
	logs := func() map[string]any {
		return map[string]any{"logDriver": "awslogs", "options": map[string]string{
			"awslogs-group": d.logGroup, "awslogs-region": region, "awslogs-stream-prefix": streamPrefix}}
	}
	mount := []map[string]any{{"sourceVolume": volumeName, "containerPath": l.Shared, "readOnly": false}}
	// ECS wants each container's memory within the task's (moto insists on it)
	quarter := o.TaskMemoryMB / 4
	return TaskDef{
		Family: d.name, NetworkMode: "awsvpc", RequiresCompatibilities: []string{"FARGATE"},
		CPU: strconv.Itoa(o.cpuUnits()), Memory: strconv.Itoa(o.TaskMemoryMB),
		RuntimePlatform:  map[string]string{"cpuArchitecture": o.ArchLabel(), "operatingSystemFamily": "LINUX"},
		ExecutionRoleArn: roleARN,
		Volumes:          []map[string]any{{"name": volumeName}},
		ContainerDefinitions: []Container{
			{Name: "app", Image: appImage, Essential: false, Memory: quarter, EntryPoint: app.EntryPoint, Command: app.Command,
				Environment: env(app.Env), MountPoints: mount, LogConfiguration: logs()},
			{Name: "nginx", Image: o.NginxImage, Essential: false, Memory: quarter,
				EntryPoint: []string{"sh", "-c"}, Command: []string{task.NginxCommand},
				Environment: env(with(l.Env(), task.EnvNginxConf, l.NginxConf(o.Bench.UpstreamKeepAlive))),
				MountPoints: mount, DependsOn: []map[string]string{{"containerName": "app", "condition": "START"}}, LogConfiguration: logs()},
			{Name: "client", Image: image, Essential: true, Memory: o.TaskMemoryMB - 2*quarter, Command: []string{"client"},
				Environment: env(with(l.Env(), task.EnvBench, bench.JSON())), MountPoints: mount,
				DependsOn: []map[string]string{{"containerName": "nginx", "condition": "START"}}, LogConfiguration: logs()},
		},
		Tags: tagList(d.tags(), func(k, v *string) map[string]string { return map[string]string{"key": *k, "value": *v} }),
	}
}

// with is m with k set to v.
func with(m map[string]string, k, v string) map[string]string {
	m[k] = v
	return m
}

// input is the task definition as the SDK's request.
func (td TaskDef) input() *ecs.RegisterTaskDefinitionInput {
	in := &ecs.RegisterTaskDefinitionInput{
		Family: aws.String(td.Family), NetworkMode: ecstypes.NetworkMode(td.NetworkMode), Cpu: aws.String(td.CPU), Memory: aws.String(td.Memory),
		RuntimePlatform: &ecstypes.RuntimePlatform{CpuArchitecture: ecstypes.CPUArchitecture(td.RuntimePlatform["cpuArchitecture"]),
			OperatingSystemFamily: ecstypes.OSFamily(td.RuntimePlatform["operatingSystemFamily"])},
		ExecutionRoleArn: aws.String(td.ExecutionRoleArn),
	}
	for _, c := range td.RequiresCompatibilities {
		in.RequiresCompatibilities = append(in.RequiresCompatibilities, ecstypes.Compatibility(c))
	}
	for _, v := range td.Volumes {
		in.Volumes = append(in.Volumes, ecstypes.Volume{Name: aws.String(v["name"].(string))})
	}
	for _, t := range td.Tags {
		in.Tags = append(in.Tags, ecstypes.Tag{Key: aws.String(t["key"]), Value: aws.String(t["value"])})
	}
	for _, c := range td.ContainerDefinitions {
		cd := ecstypes.ContainerDefinition{Name: aws.String(c.Name), Image: aws.String(c.Image), Essential: aws.Bool(c.Essential),
			Memory: aws.Int32(int32(c.Memory)), EntryPoint: c.EntryPoint, Command: c.Command}
		for _, e := range c.Environment {
			cd.Environment = append(cd.Environment, ecstypes.KeyValuePair{Name: aws.String(e["name"]), Value: aws.String(e["value"])})
		}
		for _, m := range c.MountPoints {
			cd.MountPoints = append(cd.MountPoints, ecstypes.MountPoint{SourceVolume: aws.String(m["sourceVolume"].(string)),
				ContainerPath: aws.String(m["containerPath"].(string)), ReadOnly: aws.Bool(false)})
		}
		for _, dep := range c.DependsOn {
			cd.DependsOn = append(cd.DependsOn, ecstypes.ContainerDependency{ContainerName: aws.String(dep["containerName"]),
				Condition: ecstypes.ContainerCondition(dep["condition"])})
		}
		opts := c.LogConfiguration["options"].(map[string]string)
		cd.LogConfiguration = &ecstypes.LogConfiguration{LogDriver: ecstypes.LogDriverAwslogs, Options: opts}
		in.ContainerDefinitions = append(in.ContainerDefinitions, cd)
	}
	return in
}
