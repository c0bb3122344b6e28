// Command scalebench builds a synthetic corpus of N documents (package
// dataset/scalebench) and times the dataset commands on it: ingest from
// empty, a 1% incremental ingest (and the same documents into an empty
// store), rebuild and export, each in its own process, printing CPU seconds
// per 1,000 documents and peak RSS. Run from the module root:
//
//	go run ./cmd/scalebench -n 5000 [-dir /tmp/scale] [-workers 2] [-seed 1] [-extract BIN] [BASE...]
//
// BASE (default ../shared/corpus ../shared/dev) are the real articles the
// corpus is made from. Without -extract it builds ./cmd/extract into -dir.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"strconv"

	"incidentkit/dataset/scalebench"
	"incidentkit/pipeline"
	"incidentkit/rules"
)

func main() {
	n := flag.Int("n", 5000, "documents in the corpus (the incremental step adds 1% more)")
	dir := flag.String("dir", filepath.Join(os.TempDir(), "incidentkit-scale"), "work directory (corpus, stores, exports)")
	workers := flag.Int("workers", 2, "workers for ingest and rebuild")
	seed := flag.Uint64("seed", 1, "corpus seed")
	bin := flag.String("extract", "", "extract binary (default: go build ./cmd/extract)")
	gen := flag.String("generate", "", "internal: write the corpus into MAIN,EXTRA,N,COUNT and exit")
	flag.Parse()
	bases := flag.Args()
	if len(bases) == 0 {
		bases = []string{"../shared/corpus", "../shared/dev"}
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	var err error
	if *gen != "" {
		err = generate(ctx, *gen, *seed, bases)
	} else {
		err = run(ctx, *n, *dir, *workers, *seed, *bin, bases)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "scalebench:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, n int, dir string, workers int, seed uint64, bin string, bases []string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	if bin == "" {
		bin = filepath.Join(dir, "extract")
		build := exec.CommandContext(ctx, "go", "build", "-o", bin, "./cmd/extract")
		build.Stdout, build.Stderr = os.Stderr, os.Stderr
		if err := build.Run(); err != nil {
			return fmt.Errorf("go build ./cmd/extract: %w", err)
		}
	}
	self, err := os.Executable()
	if err != nil {
		return err
	}
	// The corpus is written by a child: this process stays small, so that
	// the steps' peak RSS is theirs (see scalebench.Run).
	gen := func(mainDir, extraDir string, n, extra int) error {
		spec := mainDir + "," + extraDir + "," + strconv.Itoa(n) + "," + strconv.Itoa(extra)
		cmd := exec.CommandContext(ctx, self, append([]string{"-generate", spec, "-seed", strconv.FormatUint(seed, 10)}, bases...)...)
		cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
		return cmd.Run()
	}
	cfg := scalebench.Config{Extract: bin, Bases: bases, Dir: dir, Docs: n, Workers: workers, Seed: seed}
	res, err := scalebench.Run(ctx, cfg, gen, os.Stderr)
	if err != nil {
		return err
	}
	scalebench.Report(os.Stdout, cfg, res)
	return nil
}

// generate writes n documents into MAIN and then COUNT more into EXTRA,
// from one corpus, so that the extra documents duplicate and rewrite the
// main ones as later news does.
func generate(ctx context.Context, spec string, seed uint64, bases []string) error {
	var mainDir, extraDir string
	var n, extra int
	if _, err := fmt.Sscanf(replaceCommas(spec), "%s %s %d %d", &mainDir, &extraDir, &n, &extra); err != nil {
		return fmt.Errorf("-generate %q: %w", spec, err)
	}
	fsys := rules.Defaults()
	eng, err := pipeline.New(fsys)
	if err != nil {
		return err
	}
	towns, err := scalebench.Towns(fsys)
	if err != nil {
		return err
	}
	bs, err := scalebench.LoadBases(ctx, eng, bases)
	if err != nil {
		return err
	}
	c := scalebench.NewCorpus(bs, towns, seed)
	if err := c.Write(mainDir, 0, n); err != nil {
		return err
	}
	return c.Write(extraDir, n, extra)
}

func replaceCommas(s string) string {
	b := []byte(s)
	for i := range b {
		if b[i] == ',' {
			b[i] = ' '
		}
	}
	return string(b)
}
