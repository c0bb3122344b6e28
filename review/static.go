package review

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sync"

	"incidentkit/dataset"
	"incidentkit/golden"
	"incidentkit/pipeline"
)

// Summary is what a site write did.
type Summary struct {
	Documents, Records, Failures, Incidents int
}

// Failure is told of a document that got no page.
type Failure func(name string, err error)

// Write writes the static site to dir: index.html, doc/FILE for every
// document of items (on workers goroutines) and, when incs is not nil,
// dataset.html.
func (s *Site) Write(ctx context.Context, dir string, items <-chan pipeline.Item, workers int, incs []dataset.Incident, fail Failure) (Summary, error) {
	var sum Summary
	if err := os.MkdirAll(filepath.Join(dir, "doc"), 0o755); err != nil {
		return sum, fmt.Errorf("review: %w", err)
	}
	type result struct {
		entry IndexEntry
		preds []golden.Record
		err   error
	}
	var (
		mu      sync.Mutex
		results []result
		wg      sync.WaitGroup
	)
	for range max(workers, 1) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for it := range items {
				r := result{entry: IndexEntry{ID: it.Doc.ID, File: DocFile(it.Doc.ID)}}
				if ctx.Err() != nil {
					continue // drain
				}
				if it.Err != nil {
					r.err = it.Err
				} else {
					p, err := s.Document(it.Doc)
					if err == nil {
						err = s.writeFile(filepath.Join(dir, "doc", p.File), func(w *bufio.Writer) error { return s.WriteDocument(w, p) })
					}
					if err != nil {
						r.err = err
					} else {
						r.entry.Records = p.Records
						r.preds = p.predicted()
					}
				}
				if r.err != nil {
					name := it.Name
					if name == "" {
						name = it.Doc.ID
					}
					r.entry.Failed = r.err.Error()
					if r.entry.ID == "" {
						r.entry.ID = name
					}
					if fail != nil {
						mu.Lock()
						fail(name, r.err)
						mu.Unlock()
					}
				}
				mu.Lock()
				results = append(results, r)
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return sum, err
	}
	var entries []IndexEntry
	var preds []golden.Record
	for _, r := range results {
		entries = append(entries, r.entry)
		if r.err != nil {
			sum.Failures++
			continue
		}
		sum.Documents++
		sum.Records += r.entry.Records
		preds = append(preds, r.preds...)
	}
	ix := s.NewIndex(entries, preds, incs != nil)
	if err := s.writeFile(filepath.Join(dir, "index.html"), func(w *bufio.Writer) error { return s.WriteIndex(w, ix) }); err != nil {
		return sum, err
	}
	if incs != nil {
		sum.Incidents = len(incs)
		d := s.NewDataset(incs)
		if err := s.writeFile(filepath.Join(dir, "dataset.html"), func(w *bufio.Writer) error { return s.WriteDataset(w, d) }); err != nil {
			return sum, err
		}
	}
	return sum, nil
}

// WriteStore writes the site of a dataset store: its documents, their
// pages and the dataset view.
func (s *Site) WriteStore(ctx context.Context, dir string, st *dataset.Store, workers int, fail Failure) (Summary, error) {
	incs, err := st.Incidents(ctx)
	if err != nil {
		return Summary{}, err
	}
	if incs == nil {
		incs = []dataset.Incident{}
	}
	ids, err := st.DocumentIDs(ctx)
	if err != nil {
		return Summary{}, err
	}
	items := make(chan pipeline.Item, max(workers, 1))
	go func() {
		defer close(items)
		for _, id := range ids {
			doc, err := st.Document(ctx, id)
			it := pipeline.Item{Doc: doc, Name: id, Err: err}
			select {
			case items <- it:
			case <-ctx.Done():
				return
			}
		}
	}()
	return s.Write(ctx, dir, items, workers, incs, fail)
}

// writeFile writes a page through a buffer.
func (s *Site) writeFile(path string, write func(*bufio.Writer) error) error {
	f, err := os.Create(path)
	if err != nil {
		return fmt.Errorf("review: %w", err)
	}
	w := bufio.NewWriterSize(f, 64<<10)
	err = write(w)
	if ferr := w.Flush(); err == nil && ferr != nil {
		err = fmt.Errorf("review: write %s: %w", path, ferr)
	}
	if cerr := f.Close(); err == nil && cerr != nil {
		err = fmt.Errorf("review: write %s: %w", path, cerr)
	}
	return err
}
