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
)

// Options tune Ingest and Rebuild.
type Options struct {
	Workers int              // documents extracted in parallel (at least 1)
	OnFail  pipeline.Failure // one call per bad input; the run goes on
	// OnCommit is called after each document's transaction commits, in the
	// committing goroutine; tests use it to stop a run part-way.
	OnCommit func(doc string)
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
// in its own transaction and then rebuilds the canonical incidents. A run
// stopped at any point (cancelled, killed) keeps every committed document;
// rerunning it continues where it stopped and merges.
func (s *Store) Ingest(ctx context.Context, eng *pipeline.Engine, version string, paths []string, opt Options) (Summary, error) {
	items := make(chan pipeline.Item)
	var stats pipeline.Stats
	walkErr := make(chan error, 1)
	wctx, cancel := context.WithCancel(ctx)
	defer cancel()
	go func() { walkErr <- pipeline.Walk(wctx, paths, items, &stats) }()
	sum, err := s.extract(wctx, eng, version, items, false, opt)
	cancel()
	for range items {
		// Drain so the walker, stopped by cancel, can close its channel.
	}
	if werr := <-walkErr; err == nil && werr != nil && ctx.Err() == nil {
		err = werr
	}
	sum.Skipped = stats.Skipped
	return s.finish(ctx, eng, version, sum, err)
}

// Rebuild re-extracts every stored document with the current rules and
// rebuilds the canonical incidents from scratch.
func (s *Store) Rebuild(ctx context.Context, eng *pipeline.Engine, version string, opt Options) (Summary, error) {
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
	sum, err := s.extract(rctx, eng, version, items, true, opt)
	cancel()
	for range items {
	}
	// Force the merge even when no document changed: the merge itself reads
	// the rules (group parents, gazetteer).
	if err == nil && ctx.Err() == nil {
		if e := s.markDirty(ctx); e != nil {
			err = e
		}
	}
	return s.finish(ctx, eng, version, sum, err)
}

// finish merges when documents changed since the last merge, unless the run
// was stopped: a stopped run leaves the store dirty, and the next run merges.
func (s *Store) finish(ctx context.Context, eng *pipeline.Engine, version string, sum Summary, err error) (Summary, error) {
	if err == nil && ctx.Err() != nil {
		err = ctx.Err()
	}
	if err == nil {
		dirty, merr := s.meta(ctx, "dirty")
		switch {
		case merr != nil:
			err = fmt.Errorf("dataset: %w", merr)
		case dirty != "0":
			if err = s.Merge(ctx, NewKnowledge(eng), version); err == nil {
				sum.Merged = true
			}
		}
	}
	if c, cerr := s.Counts(context.WithoutCancel(ctx)); cerr == nil {
		sum.Counts = c
	}
	return sum, err
}

func (s *Store) markDirty(ctx context.Context) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if err := setMeta(ctx, tx, "dirty", "1"); err != nil {
		return err
	}
	return tx.Commit()
}

// extract runs the pool: one goroutine decides what needs extraction, the
// workers extract, and this goroutine commits, one transaction per
// document (SQLite has one writer).
func (s *Store) extract(ctx context.Context, eng *pipeline.Engine, version string, items <-chan pipeline.Item, force bool, opt Options) (Summary, error) {
	workers := max(opt.Workers, 1)
	// A failed commit stops the run: the dispatcher and workers see ctx end.
	ctx, stop := context.WithCancel(ctx)
	defer stop()
	type job struct {
		item   pipeline.Item
		hash   string
		exists bool
	}
	type done struct {
		job
		res pipeline.Result
		err error
	}
	var (
		sum     Summary
		mu      sync.Mutex // guards sum fields counted by the dispatcher
		fail    = opt.OnFail
		jobs    = make(chan job, workers)
		results = make(chan done, workers)
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
		defer close(jobs)
		for it := range items {
			if it.Err != nil {
				report(it.Name, it.Err)
				continue
			}
			h := contentHash(it.Doc)
			oldHash, oldVersion, exists, err := s.stored(ctx, it.Doc.ID)
			if err != nil {
				dispErr <- err
				return
			}
			if !force && exists && oldHash == h && oldVersion == version {
				mu.Lock()
				sum.Unchanged++
				mu.Unlock()
				continue
			}
			select {
			case jobs <- job{item: it, hash: h, exists: exists}:
			case <-ctx.Done():
				return
			}
		}
		dispErr <- nil
	}()
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range jobs {
				d := done{job: j}
				d.res, d.err = safeProcess(eng, j.item.Doc)
				results <- d
			}
		}()
	}
	go func() { wg.Wait(); close(results) }()

	var firstErr error
	for d := range results {
		if firstErr != nil || ctx.Err() != nil {
			continue // drain: the workers must not block
		}
		if d.err != nil {
			report(d.item.Name, d.err)
			continue
		}
		if err := s.putDocument(ctx, d.item.Doc, d.hash, version, d.res); err != nil {
			firstErr = err
			stop()
			continue
		}
		mu.Lock()
		if d.exists {
			sum.Updated++
		} else {
			sum.Added++
		}
		sum.Records += len(d.res.Records)
		mu.Unlock()
		if opt.OnCommit != nil {
			opt.OnCommit(d.item.Doc.ID)
		}
	}
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

// safeProcess turns a panic on one document into that document's error: a
// bug met on one article must not lose the run.
func safeProcess(eng *pipeline.Engine, doc pipeline.Document) (res pipeline.Result, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("internal error: %v", r)
		}
	}()
	return eng.Process(doc)
}
