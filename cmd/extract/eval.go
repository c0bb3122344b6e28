package main

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"io"
	"os"

	"incidentkit/golden"
	"incidentkit/rules"
)

func cmdEval(args []string, stdout, stderr io.Writer) error {
	fl := flag.NewFlagSet("eval", flag.ContinueOnError)
	fl.SetOutput(stderr)
	goldDir := fl.String("golden", "golden", "directory of golden files")
	predicted := fl.String("predicted", "", "score this JSONL file instead of extracting from PATH")
	asJSON := fl.Bool("json", false, "print the full report as JSON")
	rulesDir := fl.String("rules", "", "rules directory: its fields.yaml, and its rules when extracting (default: the embedded rules)")
	workers := fl.Int("workers", defaultWorkers(), "documents processed in parallel when extracting")
	if err := fl.Parse(args); err != nil {
		return usageError{err.Error()}
	}
	var data []byte
	var err error
	failed := false
	switch {
	case *predicted != "":
		if fl.NArg() > 0 {
			return usageError{"give --predicted or PATHs, not both"}
		}
		if data, err = os.ReadFile(*predicted); err != nil {
			return err
		}
	default:
		paths := fl.Args()
		if len(paths) == 0 {
			paths = []string{"corpus"}
		}
		eng, err := loadEngine(*rulesDir)
		if err != nil {
			return err
		}
		var buf bytes.Buffer
		_, err = eng.Run(context.Background(), paths, *workers, &buf, func(name string, err error) {
			fmt.Fprintf(stderr, "extract: %s: %v\n", name, err)
			failed = true
		}, nil)
		if err != nil {
			return err
		}
		data = buf.Bytes()
	}
	schema, err := loadSchema(*rulesDir)
	if err != nil {
		return err
	}
	g := golden.New(schema)
	pred, err := g.ReadPredicted(bytes.NewReader(data))
	if err != nil {
		if *predicted != "" {
			return fmt.Errorf("%s: %w", *predicted, err)
		}
		return err
	}
	gold, err := g.LoadGolden(*goldDir)
	if err != nil {
		return err
	}
	rep := g.Score(pred, gold)
	if *asJSON {
		err = rep.WriteJSON(stdout)
	} else {
		err = rep.WriteText(stdout)
	}
	if err != nil {
		return err
	}
	if failed {
		return errReported
	}
	return nil
}

// loadSchema reads the record fields of a rules directory (or the embedded
// rules), without building an engine.
func loadSchema(dir string) (*rules.Schema, error) {
	fsys, err := rules.Open(dir)
	if err != nil {
		return nil, err
	}
	return rules.LoadSchema(fsys, "fields.yaml")
}
