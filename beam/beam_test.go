package beam

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/io/filesystem/memfs"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/runners/prism"

	"incidentkit/dataset"
	"incidentkit/pipeline"
	"incidentkit/rules"
)

var inputs = []string{"../../shared/corpus", "../../shared/dev"}

func TestMain(m *testing.M) {
	flag.Parse()
	beam.Init() // also what lets this binary act as Prism's loopback worker
	os.Exit(m.Run())
}

// TestPrismMatchesCLI runs the pipeline on Prism over the seed and dev
// articles: its records, sorted, are `extract run`'s bytes, and its
// incidents, sorted, are the export of a store that ingested and rebuilt
// the same articles.
func TestPrismMatchesCLI(t *testing.T) {
	for _, in := range inputs {
		if _, err := os.Stat(in); err != nil {
			t.Skipf("%s: %v (the shared data sits beside the repository)", in, err)
		}
	}
	ctx := context.Background()
	out := t.TempDir()
	p, s := beam.NewPipelineWithRoot()
	if err := Build(s, Config{Inputs: inputs, Output: filepath.Join(out, "out-"), Shards: 3}); err != nil {
		t.Fatal(err)
	}
	if _, err := prism.Execute(ctx, p); err != nil {
		t.Fatal(err)
	}

	fsys := rules.Defaults()
	eng, err := pipeline.New(fsys)
	if err != nil {
		t.Fatal(err)
	}
	var run bytes.Buffer
	if _, err := eng.Run(ctx, inputs, 2, &run, func(name string, err error) { t.Errorf("%s: %v", name, err) }, nil); err != nil {
		t.Fatal(err)
	}
	got := readShards(t, filepath.Join(out, "out-records-*"))
	if want := sortedLines(run.String()); got != want {
		t.Errorf("records differ from extract run (%d vs %d bytes)", len(got), len(want))
	}

	version, err := dataset.RulesVersion(fsys)
	if err != nil {
		t.Fatal(err)
	}
	st, err := dataset.Open(filepath.Join(t.TempDir(), "d.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if _, err := st.Ingest(ctx, eng, version, inputs, dataset.Options{Workers: 2}); err != nil {
		t.Fatal(err)
	}
	if _, err := st.Rebuild(ctx, eng, version, dataset.Options{Workers: 2}); err != nil {
		t.Fatal(err)
	}
	layout, err := dataset.LoadLayout(fsys)
	if err != nil {
		t.Fatal(err)
	}
	var exp bytes.Buffer
	if _, err := st.Export(ctx, &exp, dataset.ExportOptions{Format: "jsonl", Layout: layout}); err != nil {
		t.Fatal(err)
	}
	got = readShards(t, filepath.Join(out, "out-incidents-*"))
	want := sortedLines(exp.String())
	if got != want {
		t.Errorf("incidents differ from dataset export after a rebuild:\n%s", firstDiff(got, want))
	}
	if n := strings.Count(want, "\n"); n < 50 {
		t.Errorf("only %d incidents: the comparison says little", n)
	}
}

func readShards(t *testing.T, glob string) string {
	t.Helper()
	files, err := filepath.Glob(glob)
	if err != nil || len(files) == 0 {
		t.Fatalf("no output %s (%v)", glob, err)
	}
	var b strings.Builder
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		b.Write(data)
	}
	return sortedLines(b.String())
}

func sortedLines(s string) string {
	lines := strings.Split(strings.TrimSuffix(s, "\n"), "\n")
	sort.Strings(lines)
	return strings.Join(lines, "\n") + "\n"
}

func firstDiff(a, b string) string {
	al, bl := strings.Split(a, "\n"), strings.Split(b, "\n")
	for i := 0; i < len(al) && i < len(bl); i++ {
		if al[i] != bl[i] {
			return al[i] + "\n" + bl[i]
		}
	}
	return "lengths differ"
}

// TestRemoteFilesystem reads the seed articles, one of them with a
// sidecar, one in Windows-1252, and a feed through a Beam filesystem
// (memfs, in process) and
// gets the records `extract run` makes of the same files on disk.
func TestRemoteFilesystem(t *testing.T) {
	seeds, err := filepath.Glob("../../shared/corpus/seeds/*.txt")
	if err != nil || len(seeds) == 0 {
		t.Skip("no seed articles beside the repository")
	}
	local := t.TempDir()
	put := func(name string, data []byte) {
		memfs.Write("memfs://remote/"+name, data)
		if err := os.WriteFile(filepath.Join(local, name), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for i, p := range seeds {
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		put(filepath.Base(p), data)
		if i == 0 {
			put(strings.TrimSuffix(filepath.Base(p), ".txt")+".meta.json", []byte(`{"published": "2024-03-23", "title": "t"}`))
		}
	}
	// A Windows-1252 file (its apostrophes as the byte 0x92, invalid in
	// UTF-8): decoded by NewDocument as ReadDocument decodes it on disk.
	cp, _ := os.ReadFile(seeds[0])
	put("cp1252.txt", bytes.ReplaceAll(cp, []byte("'"), []byte{0x92}))
	first, _ := os.ReadFile(seeds[1])
	feed, _ := json.Marshal(map[string]string{"id": "a", "text": string(first), "published": "2024-03-25"})
	put("feed.jsonl", append(append(feed, '\n'), []byte("{not json\n")...))

	ctx := context.Background()
	out := t.TempDir()
	p, s := beam.NewPipelineWithRoot()
	if err := Build(s, Config{Inputs: []string{"memfs://remote/*"}, Output: filepath.Join(out, "m-"), Shards: 2}); err != nil {
		t.Fatal(err)
	}
	if _, err := prism.Execute(ctx, p); err != nil {
		t.Fatal(err)
	}
	eng, err := pipeline.New(rules.Defaults())
	if err != nil {
		t.Fatal(err)
	}
	var run bytes.Buffer
	if _, err := eng.Run(ctx, []string{local}, 1, &run, nil, nil); err != nil {
		t.Fatal(err)
	}
	want := sortedLines(run.String())
	if got := readShards(t, filepath.Join(out, "m-records-*")); got != want {
		t.Errorf("records read through memfs differ from extract run on disk:\n%s", firstDiff(got, want))
	}
	if !strings.Contains(want, `"doc":"feed.jsonl#a"`) {
		t.Error("the feed gave no record: the comparison misses feeds")
	}
	if !strings.Contains(want, `"doc":"cp1252.txt"`) {
		t.Error("the Windows-1252 file gave no record: the comparison misses decoding")
	}
}

// Inputs that would give two documents one doc id are refused before the
// pipeline runs, like `extract run`'s PATHs; so is an unknown encoding.
func TestBuildRefuses(t *testing.T) {
	for _, cfg := range []Config{
		{Inputs: []string{"a/news", "b/news"}},
		{Inputs: []string{"news", "gs://bucket/news/*.txt"}},
		{Inputs: []string{"x", "x"}},
		{Inputs: nil},
		{Inputs: []string{"news"}, Encoding: "no-such-encoding"},
	} {
		_, s := beam.NewPipelineWithRoot()
		if err := Build(s, cfg); err == nil {
			t.Errorf("%+v: built", cfg)
		}
	}
	_, s := beam.NewPipelineWithRoot()
	if err := Build(s, Config{Inputs: []string{"a/news", "gs://bucket/wire/*.jsonl"}, Encoding: "latin1"}); err != nil {
		t.Error(err)
	}
}
