package main

import (
	"flag"
	"io"
	"path/filepath"

	"incidentkit/pipeline"
)

func cmdExplain(args []string, stdout, stderr io.Writer) error {
	fl := flag.NewFlagSet("explain", flag.ContinueOnError)
	fl.SetOutput(stderr)
	rulesDir := fl.String("rules", "", "rules directory (default: the embedded rules)")
	if err := fl.Parse(args); err != nil {
		return usageError{err.Error()}
	}
	if fl.NArg() != 1 {
		return usageError{"want exactly one FILE"}
	}
	eng, err := loadEngine(*rulesDir)
	if err != nil {
		return err
	}
	doc, err := readOne(fl.Arg(0))
	if err != nil {
		return err
	}
	return eng.Explain(doc, stdout)
}

// readOne reads a single document file (with its sidecar) for explain and clean.
func readOne(path string) (pipeline.Document, error) {
	return pipeline.ReadDocument(path, filepath.Base(path))
}
