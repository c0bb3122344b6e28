package main

import (
	"errors"
	"fmt"
	"io"

	"incidentkit/dataset"
	"incidentkit/pipeline"
	"incidentkit/rules"
)

// dbFlag is --db.
type dbFlag struct {
	DB string `name:"db" default:"${db}" placeholder:"FILE" help:"Dataset store (default: ${db})."`
}

type ingestCmd struct {
	dbFlag
	rulesFlag
	workersFlag
	encodingFlag
	Paths []string `arg:"" name:"PATH" help:"Folders, .txt/.html files or .jsonl feeds. With several PATHs, doc ids start with each PATH's base name."`
}

type datasetCmd struct {
	Rebuild datasetRebuildCmd `cmd:"" help:"Re-extract every stored document with the current rules and rebuild the incidents."`
	Export  datasetExportCmd  `cmd:"" help:"Write one row per incident: jsonl, csv, geojson or parquet."`
	Score   datasetScoreCmd   `cmd:"" help:"Clustering F1 of the incidents against golden clusters (GOLDEN/dataset/clusters.json)."`
}

type datasetRebuildCmd struct {
	dbFlag
	rulesFlag
	workersFlag
}

type datasetExportCmd struct {
	dbFlag
	Format string `enum:"${formats}" default:"jsonl" help:"${formats} (default: jsonl)."`
	BOM    bool   `name:"bom" help:"CSV: start with a UTF-8 byte order mark, for spreadsheets."`
	rulesFlag
	Output string `short:"o" placeholder:"FILE" help:"Write to FILE, atomically, with the mode a redirect gives (- or none: standard output)."`
}

type datasetScoreCmd struct {
	dbFlag
	Golden string `default:"${golden}" placeholder:"DIR" help:"Golden files with dataset/clusters.json (default: ./golden; every relative path is relative to the working directory, as for eval)."`
	rulesFlag
}

// openDataset loads the rules and the engine, fingerprints the rules and
// opens the store; create says whether a missing store may be created.
func openDataset(db string, rf rulesFlag, create bool) (*dataset.Store, *pipeline.Engine, string, error) {
	fsys, err := rules.Open(rf.Rules)
	if err != nil {
		return nil, nil, "", err
	}
	eng, err := pipeline.NewLanguage(fsys, rf.langOrDefault())
	if err != nil {
		return nil, nil, "", err
	}
	version, err := dataset.RulesVersion(fsys)
	if err != nil {
		return nil, nil, "", err
	}
	open := dataset.OpenExisting
	if create {
		open = dataset.Open
	}
	st, err := open(db)
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

func (c *ingestCmd) Run(e *env) error {
	if _, err := pipeline.CheckPaths(c.Paths); err != nil {
		return err
	}
	existed := dataset.Exists(c.DB)
	st, eng, version, err := openDataset(c.DB, c.rulesFlag, true)
	if err != nil {
		return err
	}
	sum, err := st.Ingest(e.ctx, eng, version, c.Paths, dataset.Options{
		Workers:  c.Workers,
		Encoding: c.forced(),
		OnFail:   func(name string, err error) { fmt.Fprintf(e.stderr, "extract: %s: %v\n", name, err) },
		OnNote:   func(name, note string) { fmt.Fprintf(e.stderr, "extract: %s: %s\n", name, note) },
		OnReplace: func(doc, oldSource, newSource string) {
			fmt.Fprintf(e.stderr, "extract: %s: replaces document %s, ingested from %s\n", newSource, doc, oldSource)
		},
	})
	if err == nil {
		err = st.SetSchema(e.ctx, eng.Rules.Schema)
	}
	printSummary(e.stderr, "ingest", sum)
	if cerr := st.Close(); err == nil && cerr != nil {
		err = cerr
	}
	if err != nil && !existed && sum.Added == 0 {
		// A failed first ingest leaves no store behind to be mistaken for one.
		if rerr := dataset.Remove(c.DB); rerr != nil {
			err = errors.Join(err, rerr)
		}
	}
	if err != nil {
		if e.ctx.Err() != nil {
			return fmt.Errorf("interrupted: committed documents are kept; rerun to continue")
		}
		return err
	}
	if sum.Failures > 0 {
		return errReported
	}
	return nil
}

func (c *datasetRebuildCmd) Run(e *env) error {
	st, eng, version, err := openDataset(c.DB, c.rulesFlag, false)
	if err != nil {
		return err
	}
	defer st.Close()
	sum, err := st.Rebuild(e.ctx, eng, version, dataset.Options{
		Workers: c.Workers,
		OnFail:  func(name string, err error) { fmt.Fprintf(e.stderr, "extract: %s: %v\n", name, err) },
	})
	if err == nil {
		err = st.SetSchema(e.ctx, eng.Rules.Schema)
	}
	printSummary(e.stderr, "dataset rebuild", sum)
	if err != nil {
		return err
	}
	if sum.Failures > 0 {
		return errReported
	}
	return nil
}

// Validate refuses --bom where it means nothing.
func (c *datasetExportCmd) Validate() error {
	if c.BOM && c.Format != "csv" {
		return fmt.Errorf("--bom is for --format csv")
	}
	return nil
}

func (c *datasetExportCmd) Run(e *env) error {
	fsys, err := rules.Open(c.Rules)
	if err != nil {
		return err
	}
	layout, err := dataset.LoadLayout(fsys)
	if err != nil {
		return err
	}
	st, err := dataset.OpenExisting(c.DB)
	if err != nil {
		return err
	}
	defer st.Close()
	var stats dataset.ExportStats
	err = writeOutput(c.Output, e.stdout, func(w io.Writer) error {
		var err error
		stats, err = st.Export(e.ctx, w, dataset.ExportOptions{Format: c.Format, Layout: layout, BOM: c.BOM})
		return err
	})
	if err != nil {
		return err
	}
	if stats.Unplaced > 0 {
		fmt.Fprintf(e.stderr, "extract dataset export: %d incidents, %d left out for want of a place, region or country\n", stats.Rows, stats.Unplaced)
	}
	return nil
}

func (c *datasetScoreCmd) Run(e *env) error {
	schema, err := loadSchema(c.Rules)
	if err != nil {
		return err
	}
	st, err := dataset.OpenExisting(c.DB)
	if err != nil {
		return err
	}
	defer st.Close()
	sc, err := st.ScoreGolden(e.ctx, schema, c.Golden)
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "golden records %d, found %d; pairs: golden %d, ours %d, agree %d\nclustering P %.3f  R %.3f  F1 %.3f\n",
		sc.Golden, sc.Found, sc.GoldPairs, sc.OurPairs, sc.Agree, sc.Precision, sc.Recall, sc.F1)
	return nil
}
