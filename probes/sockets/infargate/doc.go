// Package infargate runs the socket bench where the original experiment
// ran it: one AWS Fargate task of three containers — nginx, the app, and
// the load client — in one network namespace, nginx and the app sharing a
// volume that holds the app's Unix socket (the "sharedvolume"
// architecture). The client, and the Go app, are benchtop-task (package
// task), a static Linux build pushed to the run's own ECR repository as a
// one-file image built in Go; nginx is the official image from ECR Public,
// and so is the Python image in which --app starlette installs gunicorn,
// uvicorn and Starlette at start.
//
// A run makes, tags benchtop:run=<run id> and
// benchtop:experiment=sockets-fargate, and removes on every path
// (success, error, Ctrl-C) unless told to keep them: a task execution role
// allowed only to pull its image and write its log group, the log group,
// the ECR repository, an ECS cluster, the task definition, and the task.
// The client writes its run to stdout; the awslogs driver sends it to the
// log group; Run reads it back. Cleanup finds what a killed run left by
// those tags. The
// SDK's AWS_ENDPOINT_URL (and _ECS, _EC2, _ECR, _IAM, _CLOUDWATCH_LOGS)
// point the whole flow at an emulator.
package infargate
