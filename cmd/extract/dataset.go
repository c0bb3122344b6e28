package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"slices"
	"strings"

	"incidentkit/dataset"
	"incidentkit/pipeline"
	"incidentkit/rules"
)

// openDataset loads the rules and the engine, fingerprints the rules and
// opens the store.
func openDataset(db, rulesDir string) (*dataset.Store, *pipeline.Engine, string, error) {
	fsys, err := rules.Open(rulesDir)
	if err != nil {
		return nil, nil, "", err
	}
	eng, err := pipeline.New(fsys)
	if err != nil {
		return nil, nil, "", err
	}
	version, err := dataset.RulesVersion(fsys)
	if err != nil {
		return nil, nil, "", err
	}
	st, err := dataset.Open(db)
	if err != nil {
		return nil, nil, "", err
	}
	return st, eng, version, nil
}

func printSummary(stderr io.Writer, what string, sum dataset.Summary) {
	fmt.Fprintf(stderr, "extract %s: %d added, %d updated, %d unchanged, %d failed, %d skipped; store: %d documents, %d records, %d incidents\n",
		what, sum.Added, sum.Updated, sum.Unchanged, sum.Failures, sum.Skipped,
		sum.Counts.Documents, sum.Counts.Records, sum.Counts.Incidents)
}

func cmdIngest(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fl, db := datasetFlags("ingest", stderr)
	rulesDir := fl.String("rules", "", "rules directory (default: the embedded rules)")
	workers := fl.Int("workers", defaultWorkers(), "documents extracted in parallel")
	if err := fl.Parse(args); err != nil {
		return usageError{err.Error()}
	}
	if fl.NArg() == 0 {
		return usageError{"no input PATH"}
	}
	st, eng, version, err := openDataset(*db, *rulesDir)
	if err != nil {
		return err
	}
	defer st.Close()
	sum, err := st.Ingest(ctx, eng, version, fl.Args(), dataset.Options{
		Workers: *workers,
		OnFail:  func(name string, err error) { fmt.Fprintf(stderr, "extract: %s: %v\n", name, err) },
	})
	printSummary(stderr, "ingest", sum)
	if err != nil {
		if ctx.Err() != nil {
			return fmt.Errorf("interrupted: committed documents are kept; rerun to continue")
		}
		return err
	}
	if sum.Failures > 0 {
		return errReported
	}
	return nil
}

func cmdDataset(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		return usageError{"want a subcommand: rebuild, export or score"}
	}
	switch args[0] {
	case "rebuild":
		return cmdDatasetRebuild(ctx, args[1:], stderr)
	case "export":
		return cmdDatasetExport(ctx, args[1:], stdout, stderr)
	case "score":
		return cmdDatasetScore(ctx, args[1:], stdout, stderr)
	}
	return usageError{fmt.Sprintf("unknown dataset subcommand %q (want rebuild, export or score)", args[0])}
}

func cmdDatasetRebuild(ctx context.Context, args []string, stderr io.Writer) error {
	fl, db := datasetFlags("dataset rebuild", stderr)
	rulesDir := fl.String("rules", "", "rules directory (default: the embedded rules)")
	workers := fl.Int("workers", defaultWorkers(), "documents extracted in parallel")
	if err := fl.Parse(args); err != nil {
		return usageError{err.Error()}
	}
	if fl.NArg() != 0 {
		return usageError{"dataset rebuild takes no arguments"}
	}
	st, eng, version, err := openDataset(*db, *rulesDir)
	if err != nil {
		return err
	}
	defer st.Close()
	sum, err := st.Rebuild(ctx, eng, version, dataset.Options{
		Workers: *workers,
		OnFail:  func(name string, err error) { fmt.Fprintf(stderr, "extract: %s: %v\n", name, err) },
	})
	printSummary(stderr, "dataset rebuild", sum)
	if err != nil {
		return err
	}
	if sum.Failures > 0 {
		return errReported
	}
	return nil
}

func cmdDatasetExport(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fl, db := datasetFlags("dataset export", stderr)
	format := fl.String("format", "jsonl", "jsonl, csv or geojson")
	rulesDir := fl.String("rules", "", "rules directory whose fields.yaml lays out the columns (default: the embedded rules)")
	out := fl.String("o", "", "write to FILE (atomically) instead of stdout")
	if err := fl.Parse(args); err != nil {
		return usageError{err.Error()}
	}
	if !slices.Contains(dataset.Formats(), *format) {
		return usageError{fmt.Sprintf("--format %q: want %s", *format, strings.Join(dataset.Formats(), ", "))}
	}
	schema, err := loadSchema(*rulesDir)
	if err != nil {
		return err
	}
	st, err := dataset.Open(*db)
	if err != nil {
		return err
	}
	defer st.Close()
	var stats dataset.ExportStats
	err = writeOutput(*out, stdout, func(w io.Writer) error {
		var err error
		stats, err = st.Export(ctx, *format, schema, w)
		return err
	})
	if err != nil {
		return err
	}
	if stats.Unplaced > 0 {
		fmt.Fprintf(stderr, "extract dataset export: %d incidents, %d left out for want of coordinates\n", stats.Rows, stats.Unplaced)
	}
	return nil
}

func cmdDatasetScore(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fl, db := datasetFlags("dataset score", stderr)
	gold := fl.String("golden", "../shared/golden", "golden directory (with dataset/clusters.json)")
	rulesDir := fl.String("rules", "", "rules directory whose fields.yaml the scorer reads (default: the embedded rules)")
	if err := fl.Parse(args); err != nil {
		return usageError{err.Error()}
	}
	schema, err := loadSchema(*rulesDir)
	if err != nil {
		return err
	}
	st, err := dataset.Open(*db)
	if err != nil {
		return err
	}
	defer st.Close()
	sc, err := st.ScoreGolden(ctx, schema, *gold)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "golden records %d, found %d; pairs: golden %d, ours %d, agree %d\nclustering P %.3f  R %.3f  F1 %.3f\n",
		sc.Golden, sc.Found, sc.GoldPairs, sc.OurPairs, sc.Agree, sc.Precision, sc.Recall, sc.F1)
	return nil
}

// datasetFlags is the flag set every dataset subcommand starts from: its
// name and --db.
func datasetFlags(name string, stderr io.Writer) (*flag.FlagSet, *string) {
	fl := flag.NewFlagSet(name, flag.ContinueOnError)
	fl.SetOutput(stderr)
	return fl, fl.String("db", dataset.DefaultPath, "dataset database")
}
