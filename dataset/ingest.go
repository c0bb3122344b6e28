package dataset

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io/fs"
	"sort"
	"sync"

	"incidentkit/pipeline"
	"incidentkit/pipeline/textenc"
)

// Options tune Ingest and Rebuild.
type Options struct {
	Workers int              // documents extracted in parallel (at least 1)
	OnFail  pipeline.Failure // one call per bad input; the run goes on
	// OnNote is called for each document extracted that was read in
	// another encoding than plain UTF-8 (pipeline.Item.Note); not a failure.
	// Unchanged documents are skipped, so their notes are not repeated.
	OnNote pipeline.Notice
	// Encoding is forced on every file Ingest reads; the zero Encoding
	// detects each one's. The store keeps the decoded text, so Rebuild
	// needs none.
	Encoding textenc.Encoding
	// OnCommit is called after each document's transaction commits, in the
	// committing goroutine; tests use it to stop a run part-way.
	OnCommit func(doc string)
	// OnMerge is called inside each chunk's merge transaction once it has
	// read what is pending; tests use it to hold a merge mid-way.
	OnMerge func()
	// OnReplace is called when a document is about to replace the one
	// stored under its id that was read from another file.
	OnReplace func(doc, oldSource, newSource string)
}

// Summary is what an ingest or rebuild did.
type Summary struct {
	Added     int // documents new to the store
	Updated   int // documents whose content or rules version changed
	Unchanged int // documents skipped: same content hash, same rules version
	Failures  int
	Skipped   int // files of a kind extract does not read
	Records   int // records written
	Merged    bool
	Counts    Counts // what the store holds afterwards
}

// RulesVersion fingerprints a rules tree: every file's path and bytes. A
// document is re-extracted when the version it was extracted with differs.
func RulesVersion(fsys fs.FS) (string, error) {
	var paths []string
	err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() {
			paths = append(paths, p)
		}
		return nil
	})
	if err != nil {
		return "", fmt.Errorf("rules version: %w", err)
	}
	sort.Strings(paths)
	h := sha256.New()
	for _, p := range paths {
		data, err := fs.ReadFile(fsys, p)
		if err != nil {
			return "", fmt.Errorf("rules version: %w", err)
		}
		fmt.Fprintf(h, "%s\x00%d\x00", p, len(data))
		h.Write(data)
	}
	return hex.EncodeToString(h.Sum(nil))[:16], nil
}

// contentHash covers everything extraction reads from a document: its bytes
// and the metadata that anchors dates. JSON keeps the fields unambiguous.
func contentHash(doc pipeline.Document) string {
	js, _ := json.Marshal(struct {
		Raw       []byte
		HTML      bool
		Published string
		Title     string
		URL       string
		Source    string
	}{doc.Raw, doc.HTML, formatTime(doc.Published), doc.Title, doc.URL, doc.Source})
	sum := sha256.Sum256(js)
	return hex.EncodeToString(sum[:])
}

// Ingest adds the new and changed documents under paths, skips the ones
// stored with the same content hash and rules version, commits each document
// in its own transaction and then merges what changed into the canonical
// incidents (Merge). A run stopped at any point (cancelled, killed) keeps
// every committed document; rerunning it continues where it stopped and
// merges.
func (s *Store) Ingest(ctx context.Context, eng *pipeline.Engine, version string, paths []string, opt Options) (Summary, error) {
	k := NewKnowledge(eng)
	items := make(chan pipeline.Item)
	var stats pipeline.Stats
	walkErr := make(chan error, 1)
	wctx, cancel := context.WithCancel(ctx)
	defer cancel()
	in := pipeline.Inputs{Paths: paths, Encoding: opt.Encoding}
	go func() { walkErr <- pipeline.WalkInputs(wctx, in, items, &stats) }()
	sum, err := s.extract(wctx, eng, k, version, items, false, opt)
	cancel()
	for range items {
		// Drain so the walker, stopped by cancel, can close its channel.
	}
	if werr := <-walkErr; err == nil && werr != nil && ctx.Err() == nil {
		err = werr
	}
	sum.Skipped = stats.Skipped
	return s.finish(ctx, k, version, sum, err, false, opt)
}

// Rebuild re-extracts every stored document with the current rules and
// rebuilds the canonical incidents from scratch.
func (s *Store) Rebuild(ctx context.Context, eng *pipeline.Engine, version string, opt Options) (Summary, error) {
	k := NewKnowledge(eng)
	ids, err := s.documentIDs(ctx)
	if err != nil {
		return Summary{}, err
	}
	items := make(chan pipeline.Item)
	rctx, cancel := context.WithCancel(ctx)
	defer cancel()
	go func() {
		defer close(items)
		for _, id := range ids {
			doc, err := s.document(rctx, id)
			select {
			case items <- pipeline.Item{Doc: doc, Name: id, Err: err}:
			case <-rctx.Done():
				return
			}
		}
	}()
	sum, err := s.extract(rctx, eng, k, version, items, true, opt)
	cancel()
	for range items {
	}
	// A full merge even when no record changed: the merge itself reads the
	// rules (group parents, gazetteer).
	return s.finish(ctx, k, version, sum, err, true, opt)
}

// finish merges what is pending, unless the run was stopped: the records a
// stopped run committed stay pending, and the next run merges them.
func (s *Store) finish(ctx context.Context, k Knowledge, version string, sum Summary, err error, full bool, opt Options) (Summary, error) {
	if err == nil && ctx.Err() != nil {
		err = ctx.Err()
	}
	if err == nil {
		sum.Merged, err = s.merge(ctx, k, version, full, opt.OnMerge)
	}
	if c, cerr := s.Counts(context.WithoutCancel(ctx)); cerr == nil {
		sum.Counts = c
	}
	return sum, err
}

// extract decides in one goroutine what needs extraction (new or changed
// documents), extracts them on the batch runner's worker pool, and commits
// each in input order from this goroutine, one transaction per document
// (SQLite has one writer).
func (s *Store) extract(ctx context.Context, eng *pipeline.Engine, k Knowledge, version string, items <-chan pipeline.Item, force bool, opt Options) (Summary, error) {
	// A failed commit stops the run: the dispatcher and workers see ctx end.
	ctx, stop := context.WithCancel(ctx)
	defer stop()
	type pending struct {
		hash, source string
		exists       bool
	}
	var (
		sum     Summary
		mu      sync.Mutex // guards sum and todo, shared with the dispatcher
		todo    = map[string]pending{}
		fail    = opt.OnFail
		work    = make(chan pipeline.Item, max(opt.Workers, 1))
		dispErr = make(chan error, 1)
	)
	report := func(name string, err error) {
		mu.Lock()
		sum.Failures++
		mu.Unlock()
		if fail != nil {
			fail(name, err)
		}
	}
	go func() {
		defer close(work)
		for it := range items {
			if it.Err != nil {
				report(it.Name, it.Err)
				continue
			}
			h := contentHash(it.Doc)
			oldHash, oldVersion, oldSource, exists, err := s.stored(ctx, it.Doc.ID)
			if err != nil {
				dispErr <- err
				return
			}
			source := it.Source
			if force {
				source = oldSource // a rebuild reads the store, not the file
			}
			if !force && exists && oldHash == h && oldVersion == version && oldSource == source {
				mu.Lock()
				sum.Unchanged++
				mu.Unlock()
				continue
			}
			if exists && oldSource != "" && oldSource != source && opt.OnReplace != nil {
				opt.OnReplace(it.Doc.ID, oldSource, source)
			}
			mu.Lock()
			todo[it.Doc.ID] = pending{hash: h, source: source, exists: exists}
			mu.Unlock()
			select {
			case work <- it:
			case <-ctx.Done():
				return
			}
		}
		dispErr <- nil
	}()

	var firstErr error
	eng.Each(ctx, work, opt.Workers, func(it pipeline.Item, res pipeline.Result, err error) {
		mu.Lock()
		p := todo[it.Doc.ID]
		delete(todo, it.Doc.ID)
		mu.Unlock()
		if firstErr != nil || ctx.Err() != nil {
			return
		}
		if it.Note != "" && opt.OnNote != nil {
			opt.OnNote(it.Name, it.Note)
		}
		if it.Lost != nil {
			// Read without its metadata: stored, and reported like its
			// notes, when it is new or changed.
			report(it.Name, pipeline.LostError{Err: it.Lost})
		}
		if err != nil {
			report(it.Name, err)
			return
		}
		if res.Cut != nil {
			report(it.Name, pipeline.LostError{Err: res.Cut})
		}
		if err := s.putDocument(ctx, k, it.Doc, p.source, p.hash, version, res); err != nil {
			firstErr = err
			stop()
			return
		}
		mu.Lock()
		if p.exists {
			sum.Updated++
		} else {
			sum.Added++
		}
		sum.Records += len(res.Records)
		mu.Unlock()
		if opt.OnCommit != nil {
			opt.OnCommit(it.Doc.ID)
		}
	})
	if firstErr == nil {
		select {
		case err := <-dispErr:
			firstErr = err
		default: // the dispatcher stopped on cancellation
		}
	}
	mu.Lock()
	defer mu.Unlock()
	return sum, firstErr
}
