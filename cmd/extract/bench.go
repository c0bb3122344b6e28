package main

import (
	"context"
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"runtime"
	"runtime/metrics"
	"runtime/pprof"
	"strconv"
	"strings"
	"time"

	"github.com/jdkato/prose/v2"

	"incidentkit/pipeline"
)

type benchCmd struct {
	rulesFlag
	Workers    string `default:"1,2" placeholder:"LIST" help:"Comma-separated worker counts to measure (default: 1,2)."`
	MinWords   int    `default:"1000000" placeholder:"N" help:"Replicate the documents in memory to over N words (default: 1000000)."`
	ProseWords int    `default:"50000" placeholder:"N" help:"Words of the sample run through prose (0: skip prose; default: 50000)."`
	CPUProfile string `name:"cpuprofile" placeholder:"FILE" help:"Write a CPU profile of our runs (not prose's) to FILE."`
	Path       string `arg:"" optional:"" name:"PATH" help:"Documents to measure on (default: ./corpus)."`
}

// Run measures the batch end to end on documents held in memory (no disk
// in the timing), for each worker count, beside prose's own full pipeline
// (tokenize, segment, tag, NER) on a sample of the same cleaned texts: with
// one shared model, and with the model loaded per document as
// prose.NewDocument does by default.
func (c *benchCmd) Run(e *env) error {
	ctx, stdout, stderr := e.ctx, e.stdout, e.stderr
	minWords, proseWords, cpuProfile := &c.MinWords, &c.ProseWords, &c.CPUProfile
	var workers []int
	for _, f := range strings.Split(c.Workers, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(f))
		if err != nil || n < 1 {
			return usageError{fmt.Sprintf("--workers: bad count %q (want e.g. 1,2)", f)}
		}
		workers = append(workers, n)
	}
	root := "corpus"
	if c.Path != "" {
		root = c.Path
	}

	eng, err := c.engine()
	if err != nil {
		return err
	}
	base, err := loadBenchDocs(ctx, eng, root, stderr)
	if err != nil {
		return err
	}
	docs, words, size := replicate(base, *minWords)
	fmt.Fprintf(stdout, "corpus: %s, %d documents, %d words, replicated to %d documents, %d words, %.1f MB\n",
		root, len(base), sumWords(base), len(docs), words, float64(size)/1e6)
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	fmt.Fprintf(stdout, "loaded engine and documents: Go heap %.0f MB live, RSS so far %s\n", float64(ms.HeapAlloc)/1e6, rssText())
	fmt.Fprintf(stdout, "machine: %d cores (GOMAXPROCS %d), %s, %s\n", runtime.NumCPU(), runtime.GOMAXPROCS(0), cpuModel(), runtime.Version())

	if *cpuProfile != "" {
		f, err := os.Create(*cpuProfile)
		if err != nil {
			return err
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			return err
		}
	}
	rate := map[int]float64{}
	var firstSum [sha256.Size]byte
	identical := true
	for i, n := range workers {
		m := startMeasure()
		sum, recs, err := benchRun(ctx, eng, docs, n)
		secs, rss, heap := m.stop()
		if err != nil {
			pprof.StopCPUProfile()
			return err
		}
		rate[n] = float64(words) / secs
		fmt.Fprintf(stdout, "incidentkit %d worker(s): %9.0f words/s  %6.2f MB/s  %.2fs  %d records  peak RSS %s  peak Go heap %.0f MB  output sha256 %x\n",
			n, rate[n], float64(size)/1e6/secs, secs, recs, rss, float64(heap)/1e6, sum[:6])
		if i == 0 {
			firstSum = sum
		} else if sum != firstSum {
			identical = false
		}
	}
	pprof.StopCPUProfile()
	if len(workers) > 1 {
		fmt.Fprintf(stdout, "output identical across worker counts: %v\n", identical)
	}

	var shared, perDoc float64
	if *proseWords > 0 && ctx.Err() == nil {
		sample, sw := proseSample(base, *proseWords)
		d, err := prose.NewDocument("warm up")
		if err != nil {
			return fmt.Errorf("prose: %w", err)
		}
		model := d.Model
		m := startMeasure()
		for _, t := range sample {
			if _, err := prose.NewDocument(t, prose.UsingModel(model)); err != nil {
				return fmt.Errorf("prose: %w", err)
			}
		}
		secs, rss, _ := m.stop()
		shared = float64(sw) / secs
		fmt.Fprintf(stdout, "prose shared model:       %9.0f words/s  (%d documents, %d words, %.2fs, peak RSS %s)\n", shared, len(sample), sw, secs, rss)
		m = startMeasure()
		for _, t := range sample {
			if ctx.Err() != nil {
				break
			}
			if _, err := prose.NewDocument(t); err != nil {
				return fmt.Errorf("prose: %w", err)
			}
		}
		secs, rss, _ = m.stop()
		perDoc = float64(sw) / secs
		fmt.Fprintf(stdout, "prose model per document: %9.0f words/s  (%d documents, %d words, %.2fs, peak RSS %s)\n", perDoc, len(sample), sw, secs, rss)
	}
	one := rate[1]
	if one > 0 && perDoc > 0 {
		fmt.Fprintf(stdout, "ratio 1 worker / prose per document: %.1fx\n", one/perDoc)
		fmt.Fprintf(stdout, "ratio 1 worker / prose shared model: %.1fx\n", one/shared)
	}
	if one > 0 && rate[2] > 0 {
		fmt.Fprintf(stdout, "ratio 2 workers / 1 worker: %.2fx\n", rate[2]/one)
	}
	if ctx.Err() != nil {
		return fmt.Errorf("interrupted")
	}
	if !identical {
		return fmt.Errorf("output differs between worker counts")
	}
	return nil
}

// benchDoc is one document with what a first pass learnt of it.
type benchDoc struct {
	doc   pipeline.Document
	text  string // cleaned text, what prose is given
	words int
}

// loadBenchDocs reads the documents under root and runs each once (a warm
// up that also counts its words); bad inputs are reported and left out.
func loadBenchDocs(ctx context.Context, eng *pipeline.Engine, root string, stderr io.Writer) ([]benchDoc, error) {
	items := make(chan pipeline.Item)
	var stats pipeline.Stats
	errc := make(chan error, 1)
	go func() { errc <- pipeline.Walk(ctx, []string{root}, items, &stats) }()
	var out []benchDoc
	for it := range items {
		if it.Err != nil {
			fmt.Fprintf(stderr, "extract: %s: %v (left out)\n", it.Name, it.Err)
			continue
		}
		res, err := eng.Process(it.Doc)
		if err != nil {
			fmt.Fprintf(stderr, "extract: %s: %v (left out)\n", it.Name, err)
			continue
		}
		out = append(out, benchDoc{doc: it.Doc, text: res.Cleaned.Text, words: res.Words})
	}
	if err := <-errc; err != nil {
		return nil, err
	}
	if len(out) == 0 || sumWords(out) == 0 {
		return nil, fmt.Errorf("no usable document under %s", root)
	}
	return out, nil
}

func sumWords(ds []benchDoc) int {
	n := 0
	for _, d := range ds {
		n += d.words
	}
	return n
}

// replicate copies the documents (sharing their bytes, with distinct ids)
// until they hold over minWords words.
func replicate(base []benchDoc, minWords int) (docs []pipeline.Document, words, size int) {
	for rep := 0; words <= minWords || rep == 0; rep++ {
		for _, d := range base {
			doc := d.doc
			doc.ID = fmt.Sprintf("copy%d/%s", rep, d.doc.ID)
			docs = append(docs, doc)
			words += d.words
			size += len(d.doc.Raw)
		}
	}
	return docs, words, size
}

// proseSample is the cleaned texts of the first documents (cycling) up to
// n words.
func proseSample(base []benchDoc, n int) ([]string, int) {
	var out []string
	w := 0
	for i := 0; w < n; i++ {
		d := base[i%len(base)]
		out = append(out, d.text)
		w += d.words
	}
	return out, w
}

// benchRun processes docs on n workers and writes the records as JSON Lines,
// in input order, into a hash: the work of `extract run` less the disk. It
// returns the hash of the output and the number of records.
func benchRun(ctx context.Context, eng *pipeline.Engine, docs []pipeline.Document, n int) ([sha256.Size]byte, int, error) {
	items := make(chan pipeline.Item, n)
	go func() {
		defer close(items)
		for _, d := range docs {
			select {
			case items <- pipeline.Item{Doc: d, Name: d.ID}:
			case <-ctx.Done():
				return
			}
		}
	}()
	h := sha256.New()
	enc := json.NewEncoder(h)
	enc.SetEscapeHTML(false)
	recs := 0
	var firstErr error
	// The batch runner's own pool and ordering: what is timed is what
	// `extract run` does, less the disk.
	eng.Each(ctx, items, n, func(it pipeline.Item, res pipeline.Result, err error) {
		if err != nil && firstErr == nil {
			firstErr = fmt.Errorf("%s: %w", it.Name, err)
		}
		for _, r := range res.Records {
			if err := enc.Encode(r); err != nil && firstErr == nil {
				firstErr = err
			}
			recs++
		}
	})
	var sum [sha256.Size]byte
	copy(sum[:], h.Sum(nil))
	if firstErr == nil && ctx.Err() != nil {
		firstErr = fmt.Errorf("interrupted")
	}
	return sum, recs, firstErr
}

// measure times a phase and tracks its peak memory: the process's peak RSS
// (VmHWM, reset at the start where the kernel allows) and the peak Go heap
// (live and not yet collected objects, sampled every 10 ms).
type measure struct {
	start    time.Time
	rssReset bool
	stopc    chan struct{}
	done     chan uint64
}

func startMeasure() *measure {
	runtime.GC()
	m := &measure{stopc: make(chan struct{}), done: make(chan uint64)}
	m.rssReset = os.WriteFile("/proc/self/clear_refs", []byte("5"), 0) == nil
	go func() {
		s := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
		var peak uint64
		t := time.NewTicker(10 * time.Millisecond)
		defer t.Stop()
		for {
			metrics.Read(s)
			if s[0].Value.Kind() == metrics.KindUint64 {
				peak = max(peak, s[0].Value.Uint64())
			}
			select {
			case <-m.stopc:
				m.done <- peak
				return
			case <-t.C:
			}
		}
	}()
	m.start = time.Now()
	return m
}

// stop returns the seconds elapsed, the peak RSS as text, and the peak heap.
func (m *measure) stop() (float64, string, uint64) {
	secs := time.Since(m.start).Seconds()
	close(m.stopc)
	heap := <-m.done
	rss := rssText()
	if !m.rssReset {
		rss += " (whole process)"
	}
	return max(secs, 1e-9), rss, heap
}

func rssText() string {
	if kb, ok := vmHWM(); ok {
		return fmt.Sprintf("%.0f MB", float64(kb)/1024)
	}
	return "?"
}

// vmHWM is the peak resident set size in kB from /proc/self/status.
func vmHWM() (int, bool) {
	data, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0, false
	}
	for _, line := range strings.Split(string(data), "\n") {
		if rest, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			n, err := strconv.Atoi(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(rest), "kB")))
			return n, err == nil
		}
	}
	return 0, false
}

// cpuModel is the first "model name" of /proc/cpuinfo.
func cpuModel() string {
	data, err := os.ReadFile("/proc/cpuinfo")
	if err != nil {
		return "unknown CPU"
	}
	for _, line := range strings.Split(string(data), "\n") {
		if k, v, ok := strings.Cut(line, ":"); ok && strings.TrimSpace(k) == "model name" {
			return strings.TrimSpace(v)
		}
	}
	return "unknown CPU"
}
