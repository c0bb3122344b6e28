package main

import (
	"bufio"
	"context"
	"flag"
	"fmt"
	"io"
	"time"

	"incidentkit/pipeline"
	"incidentkit/rules"
)

func loadEngine(dir string) (*pipeline.Engine, error) {
	fsys, err := rules.Open(dir)
	if err != nil {
		return nil, err
	}
	return pipeline.New(fsys)
}

// writeOutput runs write on stdout, or on a temporary file renamed over path
// when write succeeds (readers never see a half-written output).
func writeOutput(path string, stdout io.Writer, write func(io.Writer) error) error {
	if path == "" {
		return write(stdout)
	}
	af, err := pipeline.CreateAtomic(path)
	if err != nil {
		return err
	}
	if err := write(af); err != nil {
		af.Abort()
		return err
	}
	if err := af.Commit(); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	return nil
}

func cmdRun(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fl := flag.NewFlagSet("run", flag.ContinueOnError)
	fl.SetOutput(stderr)
	rulesDir := fl.String("rules", "", "rules directory (default: the embedded rules)")
	workers := fl.Int("workers", defaultWorkers(), "documents processed in parallel")
	out := fl.String("o", "", "write records to FILE (atomically) instead of stdout")
	progress := fl.Bool("progress", false, "show progress on stderr even when it is not a terminal")
	quiet := fl.Bool("q", false, "no summary line")
	if err := fl.Parse(args); err != nil {
		return usageError{err.Error()}
	}
	if fl.NArg() == 0 {
		return usageError{"no input PATH"}
	}
	eng, err := loadEngine(*rulesDir)
	if err != nil {
		return err
	}
	bar := newProgressBar(stderr, *progress)
	bar.expect(ctx, fl.Args())
	start := time.Now()
	var sum pipeline.Summary
	err = writeOutput(*out, stdout, func(w io.Writer) error {
		bw := bufio.NewWriterSize(w, 1<<16)
		var err error
		sum, err = eng.Run(ctx, fl.Args(), *workers, bw,
			func(name string, err error) {
				bar.printf(stderr, "extract: %s: %v\n", name, err)
			},
			bar.update)
		bar.finish()
		if ferr := bw.Flush(); err == nil && ferr != nil {
			err = fmt.Errorf("write: %w", ferr)
		}
		return err
	})
	if !*quiet {
		secs := time.Since(start).Seconds()
		fmt.Fprintf(stderr, "extract: %d documents, %d records, %d failed, %d skipped, %.0f words/s\n",
			sum.Documents, sum.Records, sum.Failures, sum.Skipped, float64(sum.Words)/max(secs, 1e-9))
	}
	if err != nil {
		return err
	}
	if ctx.Err() != nil {
		return fmt.Errorf("interrupted: wrote what was done")
	}
	if sum.Failures > 0 {
		return errReported
	}
	return nil
}
