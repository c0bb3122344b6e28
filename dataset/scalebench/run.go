package scalebench

import (
	"bytes"
	"context"
	"crypto/sha256"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"time"
)

// Config says what to measure.
type Config struct {
	Extract string   // the extract binary
	Bases   []string // real articles the corpus is made from
	Dir     string   // work directory: corpus, stores, exports
	Docs    int      // N
	Workers int
	Seed    uint64
}

// Step is one measured command.
type Step struct {
	Name    string
	Docs    int // documents the step is about (for per-1,000 figures)
	CPU     time.Duration
	Wall    time.Duration
	PeakRSS int64 // bytes
	Output  string
}

// Result is every step of one run, and whether the incremental store's
// export equals the rebuilt one's.
type Result struct {
	Steps      []Step
	Records    string // the store's counts after the first ingest
	ExportsAgr bool
}

// Run builds the corpus (N documents, then 1% more) under cfg.Dir unless it
// is there, and runs: ingest of the N documents into an empty store; export;
// ingest of the 1% into that store (incremental); the same 1% into an empty
// store (the baseline the incremental ingest is held to); rebuild; export.
// Each step is a child process, so its CPU time and peak RSS are its own.
//
// gen writes the corpus: n documents into mainDir, then extra more into
// extraDir. It should run in another process (see cmd/scalebench): Linux
// counts a child's peak RSS from the memory of the process it was forked
// from, so the measuring process must stay small.
func Run(ctx context.Context, cfg Config, gen func(mainDir, extraDir string, n, extra int) error, log io.Writer) (Result, error) {
	var res Result
	extra := max(cfg.Docs/100, 1)
	corpus := filepath.Join(cfg.Dir, fmt.Sprintf("corpus-%d-seed%d", cfg.Docs, cfg.Seed))
	mainDir, extraDir := filepath.Join(corpus, "main"), filepath.Join(corpus, "extra")
	if _, err := os.Stat(filepath.Join(corpus, "done")); err != nil {
		os.RemoveAll(corpus)
		fmt.Fprintf(log, "writing %d + %d synthetic documents under %s\n", cfg.Docs, extra, corpus)
		if err := gen(mainDir, extraDir, cfg.Docs, extra); err != nil {
			return res, err
		}
		if err := os.WriteFile(filepath.Join(corpus, "done"), nil, 0o644); err != nil {
			return res, err
		}
	}
	db, fresh := filepath.Join(cfg.Dir, "scale.db"), filepath.Join(cfg.Dir, "extra-only.db")
	for _, p := range []string{db, fresh} {
		for _, suf := range []string{"", "-wal", "-shm"} {
			os.Remove(p + suf)
		}
	}
	// Each step is an extract command line; a $name is a value of vars,
	// one argument whatever it holds.
	vars := func(name string) string {
		switch name {
		case "db":
			return db
		case "fresh":
			return fresh
		case "main":
			return mainDir
		case "extra":
			return extraDir
		case "w":
			return fmt.Sprint(cfg.Workers)
		case "out":
			return cfg.Dir
		}
		return "$" + name
	}
	steps := []struct {
		name string
		docs int
		cmd  string
	}{
		{"ingest from empty", cfg.Docs, "ingest --db $db --workers $w $main"},
		{"export jsonl", cfg.Docs, "dataset export --db $db --format jsonl -o $out/first.jsonl"},
		{"ingest 1% more (incremental)", extra, "ingest --db $db --workers $w $extra"},
		{"export jsonl", cfg.Docs + extra, "dataset export --db $db --format jsonl -o $out/incremental.jsonl"},
		{"ingest the 1% into an empty store", extra, "ingest --db $fresh --workers $w $extra"},
		{"dataset rebuild", cfg.Docs + extra, "dataset rebuild --db $db --workers $w"},
		{"export jsonl", cfg.Docs + extra, "dataset export --db $db --format jsonl -o $out/rebuilt.jsonl"},
		{"export csv", cfg.Docs + extra, "dataset export --db $db --format csv -o $out/rebuilt.csv"},
		{"export geojson", cfg.Docs + extra, "dataset export --db $db --format geojson -o $out/rebuilt.geojson"},
		{"export parquet", cfg.Docs + extra, "dataset export --db $db --format parquet -o $out/rebuilt.parquet"},
	}
	exp := func(name string) string { return filepath.Join(cfg.Dir, name) }
	for _, s := range steps {
		st, err := measure(ctx, cfg.Extract, expand(s.cmd, vars))
		st.Name, st.Docs = s.name, s.docs
		fmt.Fprintf(log, "%-36s %s", s.name, strings.TrimSpace(st.Output)+"\n")
		if err != nil {
			return res, fmt.Errorf("%s: %w\n%s", s.name, err, st.Output)
		}
		res.Steps = append(res.Steps, st)
	}
	a, err := fileSum(exp("incremental.jsonl"))
	if err != nil {
		return res, err
	}
	b, err := fileSum(exp("rebuilt.jsonl"))
	if err != nil {
		return res, err
	}
	res.ExportsAgr = a == b
	return res, nil
}

// expand splits a command line at spaces and expands each $name in it
// (os.Expand); a value stays one argument (a path may hold spaces).
func expand(cmd string, vars func(string) string) []string {
	args := strings.Fields(cmd)
	for i, a := range args {
		args[i] = os.Expand(a, vars)
	}
	return args
}

// measure runs one extract command and reads its CPU time and peak RSS
// from the kernel's accounting of the child.
func measure(ctx context.Context, bin string, args []string) (Step, error) {
	var out bytes.Buffer
	cmd := exec.CommandContext(ctx, bin, args...)
	cmd.Stdout, cmd.Stderr = &out, &out
	start := time.Now()
	err := cmd.Run()
	st := Step{Wall: time.Since(start), Output: out.String()}
	if ps := cmd.ProcessState; ps != nil {
		st.CPU = ps.UserTime() + ps.SystemTime()
		if ru, ok := ps.SysUsage().(*syscall.Rusage); ok {
			st.PeakRSS = ru.Maxrss * 1024 // Linux reports kB
		}
	}
	return st, err
}

func fileSum(path string) ([32]byte, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return [32]byte{}, err
	}
	return sha256.Sum256(data), nil
}

// Report prints the steps as a table: CPU seconds, CPU seconds per 1,000
// documents, wall seconds, peak RSS; then the two checks of the issue.
func Report(w io.Writer, cfg Config, res Result) {
	fmt.Fprintf(w, "\n%d documents (+%d), %d workers, seed %d\n", cfg.Docs, max(cfg.Docs/100, 1), cfg.Workers, cfg.Seed)
	fmt.Fprintf(w, "| step | docs | CPU s | CPU s / 1k docs | wall s | peak RSS MB |\n|---|---:|---:|---:|---:|---:|\n")
	for _, s := range res.Steps {
		fmt.Fprintf(w, "| %s | %d | %.2f | %.2f | %.2f | %.0f |\n", s.Name, s.Docs, s.CPU.Seconds(),
			s.CPU.Seconds()*1000/float64(max(s.Docs, 1)), s.Wall.Seconds(), float64(s.PeakRSS)/(1<<20))
	}
	find := func(name string) Step {
		for _, s := range res.Steps {
			if s.Name == name {
				return s
			}
		}
		return Step{}
	}
	inc, base := find("ingest 1% more (incremental)"), find("ingest the 1% into an empty store")
	if base.CPU > 0 {
		fmt.Fprintf(w, "incremental ingest / same documents into an empty store: %.2fx CPU, %.2fx wall\n",
			inc.CPU.Seconds()/base.CPU.Seconds(), inc.Wall.Seconds()/base.Wall.Seconds())
	}
	var peak int64
	for _, s := range res.Steps {
		peak = max(peak, s.PeakRSS)
	}
	fmt.Fprintf(w, "peak RSS of any step: %.0f MB\n", float64(peak)/(1<<20))
	fmt.Fprintf(w, "export after the incremental ingest equals the rebuilt export: %v\n", res.ExportsAgr)
}
