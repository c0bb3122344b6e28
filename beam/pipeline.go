// Package beam runs incidentkit on Apache Beam: read documents, extract
// records with the same pipeline.Engine as `extract run` (loaded once per
// worker process), write them as sharded JSON Lines, then merge them across
// documents as Beam stages (dataset's blocks: year blocks, then chunks) and
// write the canonical incidents, sharded too, in the export layout
// (fields.yaml, exports.yaml). Sorted, the records equal `extract run`'s
// output and the incidents `extract dataset export --format jsonl` after a
// rebuild, byte for byte (beam_test.go).
//
// It is its own module so that the extract binary does not carry the Beam
// SDK.
package beam

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"hash/fnv"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/io/filesystem"
	_ "github.com/apache/beam/sdks/v2/go/pkg/beam/io/filesystem/local" // local paths
	"github.com/apache/beam/sdks/v2/go/pkg/beam/log"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/register"

	"incidentkit/dataset"
	"incidentkit/pipeline"
	"incidentkit/pipeline/textenc"
	"incidentkit/rules"
)

// Config is what a run reads and writes.
type Config struct {
	Inputs []string // files, directories or .jsonl feeds, as `extract run` takes them (paths the workers can read)
	Rules  string   // rules directory; "" for the embedded rules
	// Encoding, a WHATWG label ("windows-1252"), is forced on every text
	// and HTML file, as `extract run --encoding` does; "" detects each
	// file's (textenc).
	Encoding string
	Output   string // prefix of the output files: PREFIXrecords-NNNNN-of-NNNNN.jsonl, PREFIXincidents-...
	Shards   int    // files per output
}

func init() {
	register.DoFn3x1[context.Context, string, func([]byte), error](&walkFn{})
	register.DoFn4x1[context.Context, []byte, func(string), func(string, []byte), error](&extractFn{})
	register.DoFn4x1[context.Context, string, func(*[]byte) bool, func(string, []byte), error](&yearBlockFn{})
	register.DoFn5x1[context.Context, string, func(*[]byte) bool, func(*[]byte) bool, func(string), error](&chunkFn{})
	register.DoFn2x0[string, func(int, string)](&shardFn{})
	register.DoFn3x1[context.Context, int, func(*string) bool, error](&writeShardFn{})
	register.Emitter1[[]byte]()
	register.Emitter1[string]()
	register.Emitter2[string, []byte]()
	register.Emitter2[int, string]()
	register.Iter1[[]byte]()
	register.Iter1[string]()
}

// Build adds the whole flow to s. It refuses an unknown Encoding, and
// inputs that would give two documents one doc id.
func Build(s beam.Scope, cfg Config) error {
	if cfg.Encoding != "" {
		if _, err := textenc.Lookup(cfg.Encoding); err != nil {
			return err
		}
	}
	if err := checkInputs(cfg.Inputs); err != nil {
		return err
	}
	shards := max(cfg.Shards, 1)
	roots := beam.CreateList(s.Scope("inputs"), cfg.Inputs)
	docs := beam.ParDo(s.Scope("read"), &walkFn{Encoding: cfg.Encoding, Prefixed: len(cfg.Inputs) > 1}, roots)
	// Reading walks each input on one worker; extraction, the costly part,
	// spreads over all of them.
	docs = beam.Reshuffle(s.Scope("spread"), docs)
	lines, keyed := beam.ParDo2(s.Scope("extract"), &extractFn{Rules: cfg.Rules}, docs)
	writeSharded(s.Scope("write records"), cfg.Output+"records", shards, lines)

	// The merge: dated records by year block, clustered where they land;
	// their clusters and the undated records by chunk.
	years := beam.GroupByKey(s.Scope("by year block"), beam.ParDo(s, datedOnly, keyed))
	clusters := beam.ParDo(s.Scope("cluster year blocks"), &yearBlockFn{Rules: cfg.Rules}, years)
	undated := beam.ParDo(s, undatedOnly, keyed)
	chunks := beam.CoGroupByKey(s.Scope("by chunk"), clusters, undated)
	incidents := beam.ParDo(s.Scope("cluster chunks"), &chunkFn{Rules: cfg.Rules}, chunks)
	writeSharded(s.Scope("write incidents"), cfg.Output+"incidents", shards, incidents)
	return nil
}

// inputName is what an input's doc ids start with when there are several
// (see walkFn): a local PATH's base name, as `extract run` names it, or the
// base name of a glob's directory.
func inputName(root string) string {
	if isRemote(root) {
		dir := strings.TrimSuffix(globDir(root), "/")
		return dir[strings.LastIndex(dir, "/")+1:]
	}
	if abs, err := filepath.Abs(root); err == nil {
		root = abs
	}
	return filepath.Base(root)
}

// checkInputs refuses inputs given twice or sharing a name, whose
// documents would share doc ids (pipeline.CheckPaths without the look at
// the disk, which may be the workers', not this machine's).
func checkInputs(inputs []string) error {
	if len(inputs) == 0 {
		return fmt.Errorf("no inputs")
	}
	seen := map[string]string{}
	for _, in := range inputs {
		name := inputName(in)
		if other, dup := seen[name]; dup && len(inputs) > 1 {
			return fmt.Errorf("inputs %s and %s have one name %q, so their documents would share doc ids", other, in, name)
		}
		seen[name] = in
	}
	return nil
}

func isRemote(root string) bool { return strings.Contains(root, "://") }

// globDir is a glob's directory, with its slash: ids are relative to it.
func globDir(glob string) string {
	return glob[:strings.LastIndex(glob[:globStart(glob)], "/")+1]
}

// Keys of the merge stage: "y" + year block for dated records, "u" + chunk
// for undated ones.
func datedOnly(key string, rec []byte, emit func(string, []byte)) {
	if key[0] == 'y' {
		emit(key[1:], rec)
	}
}

func undatedOnly(key string, rec []byte, emit func(string, []byte)) {
	if key[0] == 'u' {
		emit(key[1:], rec)
	}
}

func init() {
	register.Function3x0(datedOnly)
	register.Function3x0(undatedOnly)
}

// engines: one engine per rules directory per worker process. Beam builds
// DoFns by decoding them on each worker, so there is no object to hand them
// a shared engine through; this cache is how a worker loads the rules,
// gazetteer and NER model (~140 MB) once rather than once per DoFn
// instance. Engines are read-only once loaded.
var engines = struct {
	sync.Mutex
	m map[string]*loaded
}{m: map[string]*loaded{}}

// loaded is what a worker loads of a rules directory: the engine and the
// export layout.
type loaded struct {
	eng    *pipeline.Engine
	layout *dataset.Layout
}

func engineFor(dir string) (*pipeline.Engine, error) {
	l, err := load(dir)
	if err != nil {
		return nil, err
	}
	return l.eng, nil
}

func load(dir string) (*loaded, error) {
	engines.Lock()
	defer engines.Unlock()
	if l, ok := engines.m[dir]; ok {
		return l, nil
	}
	fsys, err := rules.Open(dir)
	if err != nil {
		return nil, err
	}
	e, err := pipeline.New(fsys)
	if err != nil {
		return nil, err
	}
	layout, err := dataset.LoadLayout(fsys)
	if err != nil {
		return nil, err
	}
	l := &loaded{eng: e, layout: layout}
	engines.m[dir] = l
	return l, nil
}

// doc is a pipeline.Document as it crosses stages.
type doc struct {
	ID        string `json:"id"`
	Raw       []byte `json:"raw"`
	HTML      bool   `json:"html"`
	Published string `json:"published"` // RFC 3339, "" when unknown
	Title     string `json:"title"`
	URL       string `json:"url"`
	Source    string `json:"source"`
}

// walkFn reads every document under one input as `extract run` does: a
// local path through pipeline.Walk (sorted, sidecars, feeds, the same ids),
// a URL of another Beam filesystem (gs://bucket/news/*.txt: a glob) through
// that filesystem, with the same checks, sidecars and feed reader and ids
// relative to the glob's directory. With several inputs, as with several
// PATHs of `extract run`, the ids of a directory's (or a glob's) documents
// start with its name and a slash (inputName); a file's id is its name.
// Text that is not UTF-8 is decoded as `extract run` decodes it (Encoding
// forces one), the note logged. A bad input is logged and counted, never
// fatal.
type walkFn struct {
	Encoding string // a WHATWG label; "" detects
	Prefixed bool   // several inputs: ids start with their input's name
}

func (f *walkFn) ProcessElement(ctx context.Context, root string, emit func([]byte)) error {
	var enc textenc.Encoding
	if f.Encoding != "" {
		var err error
		if enc, err = textenc.Lookup(f.Encoding); err != nil {
			return err
		}
	}
	bad := beam.NewCounter("incidentkit", "bad_inputs")
	items := make(chan pipeline.Item)
	errc := make(chan error, 1)
	prefix := ""
	if isRemote(root) {
		go func() { errc <- walkRemote(ctx, root, enc, items) }()
		if f.Prefixed {
			prefix = inputName(root) + "/"
		}
	} else {
		in := pipeline.Inputs{Paths: []string{root}, Encoding: enc}
		go func() { errc <- pipeline.WalkInputs(ctx, in, items, &pipeline.Stats{}) }()
		if st, err := os.Stat(root); f.Prefixed && err == nil && st.IsDir() {
			prefix = inputName(root) + "/"
		}
	}
	for it := range items {
		if it.Note != "" {
			log.Infof(ctx, "%s: %s", it.Name, it.Note)
		}
		if it.Err != nil {
			bad.Inc(ctx, 1)
			log.Warnf(ctx, "%s: %v", it.Name, it.Err)
			continue
		}
		if it.Lost != nil {
			bad.Inc(ctx, 1)
			log.Warnf(ctx, "%s: note: %v", it.Name, it.Lost)
		}
		d := it.Doc
		d.ID = prefix + d.ID
		var publ string
		if !d.Published.IsZero() {
			publ = d.Published.UTC().Format(time.RFC3339Nano)
		}
		js, err := json.Marshal(doc{d.ID, d.Raw, d.HTML, publ, d.Title, d.URL, d.Source})
		if err != nil {
			return fmt.Errorf("%s: %w", it.Name, err)
		}
		emit(js)
	}
	return <-errc
}

// walkRemote lists a glob on a Beam filesystem and sends its documents.
func walkRemote(ctx context.Context, glob string, enc textenc.Encoding, out chan<- pipeline.Item) error {
	defer close(out)
	fsys, err := filesystem.New(ctx, glob)
	if err != nil {
		return err
	}
	defer fsys.Close()
	names, err := fsys.List(ctx, glob)
	if err != nil {
		return fmt.Errorf("%s: %w", glob, err)
	}
	sort.Strings(names)
	listed := map[string]bool{}
	for _, n := range names {
		listed[n] = true
	}
	dir := globDir(glob)
	read := func(name string) ([]byte, error) {
		if !listed[name] {
			return nil, fs.ErrNotExist // sidecars come from the same listing
		}
		r, err := fsys.OpenRead(ctx, name)
		if err != nil {
			return nil, err
		}
		defer r.Close()
		return io.ReadAll(io.LimitReader(r, pipeline.MaxFileSize+1))
	}
	send := func(it pipeline.Item) bool {
		select {
		case out <- it:
			return true
		case <-ctx.Done():
			return false
		}
	}
	for _, name := range names {
		id := strings.TrimPrefix(name, dir)
		switch pipeline.FileKind(name) {
		case "text", "html":
			raw, err := read(name)
			it := pipeline.Item{Name: name, Source: name, Err: err}
			if err == nil {
				it.Doc, it.Note, it.Err = pipeline.NewDocument(name, id, raw, enc, read)
				it = it.Settle()
			}
			if !send(it) {
				return ctx.Err()
			}
		case "feed":
			r, err := fsys.OpenRead(ctx, name)
			if err != nil {
				if !send(pipeline.Item{Name: name, Source: name, Err: err}) {
					return ctx.Err()
				}
				continue
			}
			ok := pipeline.ReadFeed(r, name, id, func(it pipeline.Item) bool {
				it.Source = name
				return send(it)
			})
			r.Close()
			if !ok {
				return ctx.Err()
			}
		}
	}
	return nil
}

// globStart is the index of a glob's first pattern character (its length
// when it has none).
func globStart(glob string) int {
	if i := strings.IndexAny(glob, "*?["); i >= 0 {
		return i
	}
	return len(glob)
}

// extractFn runs the engine on one document: each record as the JSON line
// `extract run` writes, and keyed for the merge.
type extractFn struct {
	Rules string
	eng   *pipeline.Engine
	k     dataset.Knowledge
}

func (f *extractFn) Setup() error {
	e, err := engineFor(f.Rules)
	if err != nil {
		return err
	}
	f.eng, f.k = e, dataset.NewKnowledge(e)
	return nil
}

func (f *extractFn) ProcessElement(ctx context.Context, js []byte, line func(string), keyed func(string, []byte)) error {
	var d doc
	if err := json.Unmarshal(js, &d); err != nil {
		return err
	}
	pd := pipeline.Document{ID: d.ID, Raw: d.Raw, HTML: d.HTML, Title: d.Title, URL: d.URL, Source: d.Source}
	if d.Published != "" {
		t, err := time.Parse(time.RFC3339Nano, d.Published)
		if err != nil {
			return fmt.Errorf("%s: %w", d.ID, err)
		}
		pd.Published = t
	}
	meta := dataset.SourceDoc{Published: pd.Published, URL: d.URL, Title: d.Title, Outlet: d.Source}
	res, err := f.eng.Process(pd)
	if err != nil {
		beam.NewCounter("incidentkit", "failed_documents").Inc(ctx, 1)
		log.Warnf(ctx, "%s: %v", d.ID, err)
		return nil
	}
	if res.Cut != nil {
		log.Warnf(ctx, "%s: note: %v", d.ID, res.Cut)
	}
	for i, r := range res.Records {
		l, err := encodeLine(r)
		if err != nil {
			return fmt.Errorf("%s: %w", d.ID, err)
		}
		line(l)
		mr := dataset.MergeRecord{Record: r, Seq: i, Published: pd.Published}
		chunk, year := f.k.BlockKeys(&mr)
		enc, err := json.Marshal(toWire(mr, meta))
		if err != nil {
			return fmt.Errorf("%s: %w", d.ID, err)
		}
		if year != "" {
			keyed("y"+year, enc)
		} else {
			keyed("u"+chunk, enc)
		}
	}
	return nil
}

// encodeLine is one record as `extract run` writes it (no HTML escaping).
func encodeLine(v any) (string, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return "", err
	}
	return string(bytes.TrimSuffix(b.Bytes(), []byte("\n"))), nil
}

// mergeRecord is dataset.MergeRecord as it crosses stages, with what the
// export says of the record's document (its columns source_url,
// published_first, ...).
type mergeRecord struct {
	Record    pipeline.Record `json:"record"`
	Seq       int             `json:"seq"`
	Published time.Time       `json:"published"`
	URL       string          `json:"url"`
	Title     string          `json:"title"`
	Outlet    string          `json:"outlet"`
}

func toWire(r dataset.MergeRecord, d dataset.SourceDoc) mergeRecord {
	return mergeRecord{Record: r.Record, Seq: r.Seq, Published: r.Published, URL: d.URL, Title: d.Title, Outlet: d.Outlet}
}

func (w mergeRecord) record() dataset.MergeRecord {
	return dataset.MergeRecord{Record: w.Record, Seq: w.Seq, Published: w.Published}
}

func (w mergeRecord) doc() dataset.SourceDoc {
	return dataset.SourceDoc{Published: w.Published, URL: w.URL, Title: w.Title, Outlet: w.Outlet}
}

// yearBlockFn clusters one year block and passes its clusters on, keyed by
// chunk.
type yearBlockFn struct {
	Rules string
	k     dataset.Knowledge
}

func (f *yearBlockFn) Setup() error {
	e, err := engineFor(f.Rules)
	f.k = dataset.NewKnowledge(e)
	return err
}

func (f *yearBlockFn) ProcessElement(ctx context.Context, block string, recs func(*[]byte) bool, emit func(string, []byte)) error {
	docs := map[string]dataset.SourceDoc{}
	rs, err := readRecords(recs, docs)
	if err != nil {
		return err
	}
	for _, c := range f.k.ClusterYearBlock(rs) {
		chunk, _ := f.k.BlockKeys(&c[0])
		js, err := json.Marshal(clusterWire(c, docs))
		if err != nil {
			return err
		}
		emit(chunk, js)
	}
	return nil
}

// chunkFn takes a chunk's dated clusters and undated records, runs the
// last phase and writes each incident as its export line (the layout of
// the rules' fields.yaml and exports.yaml).
type chunkFn struct {
	Rules  string
	k      dataset.Knowledge
	layout *dataset.Layout
}

func (f *chunkFn) Setup() error {
	l, err := load(f.Rules)
	if err != nil {
		return err
	}
	f.k, f.layout = dataset.NewKnowledge(l.eng), l.layout
	return nil
}

func (f *chunkFn) ProcessElement(ctx context.Context, chunk string, clusters, undated func(*[]byte) bool, emit func(string)) error {
	docs := map[string]dataset.SourceDoc{}
	var dated [][]dataset.MergeRecord
	var js []byte
	for clusters(&js) {
		var w []mergeRecord
		if err := json.Unmarshal(js, &w); err != nil {
			return err
		}
		dated = append(dated, fromWire(w, docs))
	}
	us, err := readRecords(undated, docs)
	if err != nil {
		return err
	}
	for _, c := range f.k.ClusterChunk(dated, us) {
		inc, _ := f.k.Canonical(c)
		line, err := f.layout.JSONLine(inc, docs)
		if err != nil {
			return err
		}
		emit(string(line))
	}
	return nil
}

// readRecords decodes merge records, noting each one's document in docs.
func readRecords(next func(*[]byte) bool, docs map[string]dataset.SourceDoc) ([]dataset.MergeRecord, error) {
	var out []dataset.MergeRecord
	var js []byte
	for next(&js) {
		var w mergeRecord
		if err := json.Unmarshal(js, &w); err != nil {
			return nil, err
		}
		docs[w.Record.Doc] = w.doc()
		out = append(out, w.record())
	}
	return out, nil
}

// clusterWire is a cluster as it crosses stages, each record with its
// document from docs.
func clusterWire(c []dataset.MergeRecord, docs map[string]dataset.SourceDoc) []mergeRecord {
	out := make([]mergeRecord, len(c))
	for i, r := range c {
		out[i] = toWire(r, docs[r.Record.Doc])
	}
	return out
}

// fromWire decodes a cluster, noting its records' documents in docs.
func fromWire(w []mergeRecord, docs map[string]dataset.SourceDoc) []dataset.MergeRecord {
	out := make([]dataset.MergeRecord, len(w))
	for i, r := range w {
		docs[r.Record.Doc] = r.doc()
		out[i] = r.record()
	}
	return out
}

// writeSharded writes lines into n files PREFIX-NNNNN-of-NNNNN.jsonl, each
// sorted, so the output does not depend on how the runner split the work.
func writeSharded(s beam.Scope, prefix string, n int, lines beam.PCollection) {
	keyed := beam.ParDo(s, &shardFn{N: n}, lines)
	grouped := beam.GroupByKey(s, keyed)
	beam.ParDo0(s, &writeShardFn{Prefix: prefix, N: n}, grouped)
}

type shardFn struct{ N int }

func (f *shardFn) ProcessElement(line string, emit func(int, string)) {
	h := fnv.New32a()
	io.WriteString(h, line)
	emit(int(h.Sum32()%uint32(f.N)), line)
}

type writeShardFn struct {
	Prefix string
	N      int
}

func (f *writeShardFn) ProcessElement(ctx context.Context, shard int, lines func(*string) bool) error {
	var all []string
	var l string
	for lines(&l) {
		all = append(all, l)
	}
	sort.Strings(all)
	name := fmt.Sprintf("%s-%05d-of-%05d.jsonl", f.Prefix, shard, f.N)
	fs, err := filesystem.New(ctx, name)
	if err != nil {
		return err
	}
	defer fs.Close()
	w, err := fs.OpenWrite(ctx, name)
	if err != nil {
		return err
	}
	for _, l := range all {
		if _, err := io.WriteString(w, l+"\n"); err != nil {
			w.Close()
			return fmt.Errorf("%s: %w", name, err)
		}
	}
	return w.Close()
}
