package main

import (
	"bufio"
	"fmt"
	"io"
	"time"

	"incidentkit/atomicfile"
	"incidentkit/pipeline"
)

type runCmd struct {
	rulesFlag
	workersFlag
	encodingFlag
	Output   string   `short:"o" placeholder:"FILE" help:"Write the records to FILE, atomically, with the mode a redirect gives (- or none: standard output)."`
	Feed     bool     `help:"Standard input (PATH -) is a JSONL feed, not one document."`
	Progress bool     `help:"Show progress on stderr even when it is not a terminal."`
	Quiet    bool     `short:"q" help:"No summary line on stderr."`
	Paths    []string `arg:"" name:"PATH" help:"Folders, .txt/.html files, .jsonl feeds, or - for standard input. With several PATHs, doc ids start with each PATH's base name."`
}

// writeOutput runs write on stdout (path "" or "-"), or on a temporary file
// renamed over path when write succeeds (readers never see a half-written
// output).
func writeOutput(path string, stdout io.Writer, write func(io.Writer) error) error {
	if path == "" || path == "-" {
		return write(stdout)
	}
	af, err := atomicfile.Create(path)
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

func (c *runCmd) Run(e *env) error {
	if _, err := pipeline.CheckPaths(c.Paths); err != nil {
		return err
	}
	eng, err := c.engine()
	if err != nil {
		return err
	}
	in := pipeline.Inputs{Paths: c.Paths, Stdin: e.stdin, Feed: c.Feed, Encoding: c.forced()}
	bar := newProgressBar(e.stderr, c.Progress)
	bar.expect(e.ctx, c.Paths)
	start := time.Now()
	var sum pipeline.Summary
	err = writeOutput(c.Output, e.stdout, func(w io.Writer) error {
		bw := bufio.NewWriterSize(w, 1<<16)
		var err error
		sum, err = eng.RunInputs(e.ctx, in, c.Workers, bw, pipeline.Hooks{
			Fail: func(name string, err error) {
				bar.printf(e.stderr, "extract: %s: %v\n", name, err)
			},
			// A note is a line like a failure's but does not count as one:
			// the exit status stays 0 if nothing failed.
			Note: func(name, note string) {
				bar.printf(e.stderr, "extract: %s: %s\n", name, note)
			},
			Progress: bar.update,
		})
		bar.finish()
		if ferr := bw.Flush(); err == nil && ferr != nil {
			err = fmt.Errorf("write: %w", ferr)
		}
		return err
	})
	if !c.Quiet {
		secs := time.Since(start).Seconds()
		fmt.Fprintf(e.stderr, "extract: %d documents, %d records, %d failed, %d skipped, %.0f words/s\n",
			sum.Documents, sum.Records, sum.Failures, sum.Skipped, float64(sum.Words)/max(secs, 1e-9))
	}
	if err != nil {
		return err
	}
	if e.ctx.Err() != nil {
		return fmt.Errorf("interrupted: wrote what was done")
	}
	if sum.Failures > 0 {
		return errReported
	}
	return nil
}
