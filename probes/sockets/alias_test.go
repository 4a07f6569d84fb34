package sockets

import "benchtop/probes/results"

type resultsGroup = results.Group
