package sockets

import "benchtop/internal/measure/results"

type resultsGroup = results.Group
