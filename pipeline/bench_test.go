package pipeline

import (
	"context"
	"fmt"
	"strings"
	"testing"
)

// Benchmarks per stage on the bundled corpus, each reporting words/s (words
// of the cleaned text) beside ns/op and MB/s (raw bytes):
//
//	go test -run '^$' -bench . -benchmem ./pipeline/
//	go test -run '^$' -bench Process -cpuprofile cpu.out ./pipeline/ && go tool pprof -top pipeline.test cpu.out
//
// One op is one pass over the whole corpus. `extract bench` measures the
// batch end to end beside prose's pipeline.

// benchCorpus is the bundled corpus, read, cleaned and segmented once.
type benchCorpus struct {
	e     *Engine
	docs  []Document
	clean []Cleaned
	sents [][]Sentence
	bytes int64
	words int
}

func loadBenchCorpus(b *testing.B) *benchCorpus {
	b.Helper()
	e := engine(b)
	items := make(chan Item)
	var stats Stats
	errc := make(chan error, 1)
	go func() { errc <- Walk(context.Background(), []string{"../corpus"}, items, &stats) }()
	c := &benchCorpus{e: e}
	for it := range items {
		if it.Err != nil {
			b.Fatalf("%s: %v", it.Name, it.Err)
		}
		c.docs = append(c.docs, it.Doc)
	}
	if err := <-errc; err != nil {
		b.Fatal(err)
	}
	if len(c.docs) == 0 {
		b.Fatal("no documents under ../corpus")
	}
	for _, d := range c.docs {
		cl, err := e.Clean(d)
		if err != nil {
			b.Fatalf("%s: %v", d.ID, err)
		}
		c.clean = append(c.clean, cl)
		c.sents = append(c.sents, e.Segment(cl))
		c.bytes += int64(len(d.Raw))
		c.words += len(strings.Fields(cl.Text))
	}
	return c
}

// start resets the timer and sets the per-op figures; report adds words/s.
func (c *benchCorpus) start(b *testing.B) {
	b.SetBytes(c.bytes)
	b.ReportAllocs()
	b.ResetTimer()
}

func (c *benchCorpus) report(b *testing.B) {
	if s := b.Elapsed().Seconds(); s > 0 {
		b.ReportMetric(float64(c.words)*float64(b.N)/s, "words/s")
	}
}

func BenchmarkClean(b *testing.B) {
	c := loadBenchCorpus(b)
	c.start(b)
	for range b.N {
		for _, d := range c.docs {
			if _, err := c.e.Clean(d); err != nil {
				b.Fatal(err)
			}
		}
	}
	c.report(b)
}

func BenchmarkSegment(b *testing.B) {
	c := loadBenchCorpus(b)
	c.start(b)
	for range b.N {
		for _, cl := range c.clean {
			c.e.Segment(cl)
		}
	}
	c.report(b)
}

// eachSentence runs f on every sentence of the corpus, b.N times.
func (c *benchCorpus) eachSentence(b *testing.B, f func(d Document, s Sentence)) {
	c.start(b)
	for range b.N {
		for i, ss := range c.sents {
			for _, s := range ss {
				f(c.docs[i], s)
			}
		}
	}
	c.report(b)
}

// BenchmarkAnnotators times each annotator of the chain alone, on
// sentences the annotators before it have marked.
func BenchmarkAnnotators(b *testing.B) {
	c := loadBenchCorpus(b)
	for k, an := range c.e.chain {
		b.Run(fmt.Sprintf("%d-%T", k, an), func(b *testing.B) {
			var sents []*sentence
			for i, ss := range c.sents {
				d := newDocState(c.docs[i])
				for _, s := range ss {
					a := &sentence{Sentence: s}
					for _, prev := range c.e.chain[:k] {
						prev.Annotate(d, a)
					}
					sents = append(sents, a)
				}
			}
			d := newDocState(Document{})
			c.start(b)
			for range b.N {
				for _, s := range sents {
					an.Annotate(d, s)
				}
			}
			c.report(b)
		})
	}
}

// BenchmarkAnalyze is every extractor and the trigger rules, sentence by
// sentence, as Process runs them.
func BenchmarkAnalyze(b *testing.B) {
	c := loadBenchCorpus(b)
	c.start(b)
	for range b.N {
		for i, ss := range c.sents {
			c.e.Annotate(ss, c.docs[i])
		}
	}
	c.report(b)
}

// BenchmarkAssemble groups analysed sentences into incidents and builds the
// records, as Process does after Analyze.
func BenchmarkAssemble(b *testing.B) {
	c := loadBenchCorpus(b)
	var as [][]*sentence
	for i, ss := range c.sents {
		as = append(as, c.e.Annotate(ss, c.docs[i]))
	}
	c.start(b)
	for range b.N {
		for i, a := range as {
			assembleForBench(c.e, c.docs[i].ID, a)
		}
	}
	c.report(b)
}

// assembleForBench is the tail of Process (after Analyze).
func assembleForBench(e *Engine, doc string, as []*sentence) []Record {
	return e.assemble(doc, as)
}

// BenchmarkProcess is the whole flow for one document, one goroutine.
func BenchmarkProcess(b *testing.B) {
	c := loadBenchCorpus(b)
	c.start(b)
	for range b.N {
		for _, d := range c.docs {
			if _, err := c.e.Process(d); err != nil {
				b.Fatal(err)
			}
		}
	}
	c.report(b)
}

// BenchmarkProcessParallel runs Process on GOMAXPROCS goroutines sharing one
// Engine: compare its words/s with BenchmarkProcess for the scaling.
func BenchmarkProcessParallel(b *testing.B) {
	c := loadBenchCorpus(b)
	c.start(b)
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			for _, d := range c.docs {
				if _, err := c.e.Process(d); err != nil {
					b.Error(err)
					return
				}
			}
		}
	})
	c.report(b)
}
