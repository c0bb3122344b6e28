// Command extract turns news articles about political violence into incident
// records (JSON Lines) and scores them against hand-labelled golden files.
//
//	extract run [--rules DIR] [--workers N] [-o FILE] PATH...
//	extract eval [--golden DIR] [--predicted FILE] [--json] [PATH...]
//	extract explain [--rules DIR] FILE
//	extract clean [--json] FILE
//	extract ingest [--db FILE] [--rules DIR] [--workers N] PATH...
//	extract dataset rebuild|export|score [flags]
//	extract bench [--workers LIST] [--min-words N] [PATH]
//
// This file holds flags and subcommands only; the flow is in package pipeline.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime"
	"runtime/debug"
	"syscall"
)

func main() {
	// The loaded rules, gazetteer and prose model are ~140 MB of live heap
	// that never dies; the default GC pacing would let the heap double past
	// that. A soft limit keeps a batch run under 300 MB RSS at a few percent
	// of throughput. GOMEMLIMIT in the environment still wins.
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(defaultMemoryLimit)
	}
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

const defaultMemoryLimit = 256 << 20

const usage = `usage: extract <command> [flags] [args]

commands:
  run      extract incident records from documents (.txt, .html, .jsonl feeds)
  eval     score records against golden files
  explain  show every sentence of a document with the spans and rules that fired
  clean    print the cleaned main text of a document (HTML or text)
  ingest   add new and changed documents to the dataset (--db, default data/incidents.db)
  dataset  rebuild: re-extract every stored document with the current rules;
           export --format jsonl|csv|geojson [-o FILE]: one row per incident;
           score [--golden DIR]: clustering F1 against golden clusters
  bench    throughput and peak memory per worker count, beside prose
           ([--workers 1,2] [--min-words N] [PATH], default PATH corpus)
`

// run dispatches a subcommand and returns the exit status: 0 ok, 1 some
// input or output failed, 2 bad usage.
func run(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return 2
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	var err error
	switch args[0] {
	case "run":
		err = cmdRun(ctx, args[1:], stdout, stderr)
	case "eval":
		err = cmdEval(args[1:], stdout, stderr)
	case "explain":
		err = cmdExplain(args[1:], stdout, stderr)
	case "clean":
		err = cmdClean(args[1:], stdout, stderr)
	case "ingest":
		err = cmdIngest(ctx, args[1:], stdout, stderr)
	case "dataset":
		err = cmdDataset(ctx, args[1:], stdout, stderr)
	case "bench":
		err = cmdBench(ctx, args[1:], stdout, stderr)
	case "help", "-h", "--help":
		fmt.Fprint(stdout, usage)
		return 0
	default:
		fmt.Fprintf(stderr, "extract: unknown command %q\n%s", args[0], usage)
		return 2
	}
	var ue usageError
	switch {
	case err == nil:
		return 0
	case errors.As(err, &ue):
		fmt.Fprintf(stderr, "extract %s: %v\n", args[0], err)
		return 2
	case errors.Is(err, errReported):
		return 1
	default:
		fmt.Fprintf(stderr, "extract %s: %v\n", args[0], err)
		return 1
	}
}

// usageError is a mistake in the command line.
type usageError struct{ msg string }

func (u usageError) Error() string { return u.msg }

// errReported means the failures were already printed one per line.
var errReported = errors.New("failures reported")

func defaultWorkers() int { return runtime.NumCPU() }
