// Command incidentbeam runs the incidentkit Beam pipeline (package beam):
//
//	incidentbeam --input PATH[,PATH...] --output PREFIX [--shards N] [--rules DIR] [--encoding NAME] [Beam flags]
//
// The runner comes from Beam's flags: Prism in-process by default
// (--runner=prism), a Flink or Spark job server with --runner=universal
// --endpoint=HOST:PORT, Dataflow with --runner=dataflow --project ...
// (README, "Scale-out on Apache Beam").
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"strings"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	_ "github.com/apache/beam/sdks/v2/go/pkg/beam/io/filesystem/gcs" // gs:// inputs and outputs
	_ "github.com/apache/beam/sdks/v2/go/pkg/beam/runners/dataflow"
	_ "github.com/apache/beam/sdks/v2/go/pkg/beam/runners/prism"
	_ "github.com/apache/beam/sdks/v2/go/pkg/beam/runners/universal"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/x/beamx"

	ikbeam "incidentkit/beam"
)

func main() {
	input := flag.String("input", "", "comma-separated files, directories or .jsonl feeds")
	output := flag.String("output", "", "output prefix (PREFIXrecords-*.jsonl, PREFIXincidents-*.jsonl)")
	shards := flag.Int("shards", 4, "files per output")
	rulesDir := flag.String("rules", "", "rules directory (default: the embedded rules)")
	encoding := flag.String("encoding", "", "force this encoding (a WHATWG label, e.g. windows-1252) on every text and HTML file (default: detect each one's)")
	flag.Parse()
	beam.Init()
	if *input == "" || *output == "" {
		fmt.Fprintln(os.Stderr, "incidentbeam: --input and --output are required")
		os.Exit(2)
	}
	p, s := beam.NewPipelineWithRoot()
	cfg := ikbeam.Config{Inputs: strings.Split(*input, ","), Rules: *rulesDir, Encoding: *encoding, Output: *output, Shards: *shards}
	if err := ikbeam.Build(s, cfg); err != nil {
		fmt.Fprintln(os.Stderr, "incidentbeam:", err)
		os.Exit(2)
	}
	if err := beamx.Run(context.Background(), p); err != nil {
		fmt.Fprintln(os.Stderr, "incidentbeam:", err)
		os.Exit(1)
	}
}
