package pipeline

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"sync"
)

// Summary is what a batch run did.
type Summary struct {
	Documents int // documents processed without error
	Records   int
	Failures  int
	Skipped   int
	Words     int
	Bytes     int
}

// Progress receives one call per finished document (in input order), for a
// progress bar; it may be nil.
type Progress func(s Summary)

// Failure reports one bad input; the batch goes on.
type Failure func(name string, err error)

// Notice reports how one input was read when not as given (Item.Note): a
// line for the user, not a failure.
type Notice func(name, note string)

// LostError is how the batch reports Item.Lost: "note: ...".
type LostError struct{ Err error }

func (l LostError) Error() string { return "note: " + l.Err.Error() }
func (l LostError) Unwrap() error { return l.Err }

// Hooks are what a batch tells as it goes, in input order; any may be nil.
type Hooks struct {
	Fail     Failure
	Note     Notice
	Progress Progress
}

// Run processes every document under paths on a bounded pool of workers and
// writes records as JSON Lines to w in the order of the sorted input paths,
// as soon as each document's turn comes: memory holds at most a few
// documents per worker, whatever the corpus size. Cancelling ctx stops the
// walk; what is done is written.
func (e *Engine) Run(ctx context.Context, paths []string, workers int, w io.Writer, onFail Failure, onProgress Progress) (Summary, error) {
	return e.RunInputs(ctx, Inputs{Paths: paths}, workers, w, Hooks{Fail: onFail, Progress: onProgress})
}

// RunInputs is Run over Inputs, which may read standard input, with the
// notes on inputs read in another encoding.
func (e *Engine) RunInputs(ctx context.Context, in Inputs, workers int, w io.Writer, h Hooks) (Summary, error) {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	items := make(chan Item, max(workers, 1))
	var stats Stats
	walkErr := make(chan error, 1)
	go func() { walkErr <- WalkInputs(ctx, in, items, &stats) }()

	var sum Summary
	// Buffered: one write per 256 KB rather than one per record, which cost
	// the emitting goroutine a system call per record (the only work of a
	// run that is not spread over the workers, with the GC's).
	bw := bufio.NewWriterSize(w, 256<<10)
	enc := json.NewEncoder(bw)
	enc.SetEscapeHTML(false)
	var writeErr error
	e.Each(ctx, items, workers, func(it Item, res Result, err error) {
		if err != nil && ctx.Err() != nil && errors.Is(err, ctx.Err()) {
			return // interrupted before its turn: not a failure of the input
		}
		if it.Note != "" && h.Note != nil {
			h.Note(it.Name, it.Note)
		}
		if it.Lost != nil {
			// Read without its metadata: processed, and reported.
			sum.Failures++
			if h.Fail != nil {
				h.Fail(it.Name, LostError{it.Lost})
			}
		}
		if err != nil {
			sum.Failures++
			if h.Fail != nil {
				h.Fail(it.Name, err)
			}
		} else {
			if res.Cut != nil {
				sum.Failures++
				if h.Fail != nil {
					h.Fail(it.Name, LostError{res.Cut})
				}
			}
			sum.Documents++
			sum.Words += res.Words
			sum.Bytes += len(it.Doc.Raw)
			for _, r := range res.Records {
				if writeErr == nil {
					writeErr = enc.Encode(r)
				}
				sum.Records++
			}
		}
		if h.Progress != nil {
			h.Progress(sum)
		}
		if writeErr != nil {
			cancel()
		}
	})
	sum.Skipped = stats.Skipped
	if writeErr == nil {
		writeErr = bw.Flush()
	}
	if err := <-walkErr; err != nil && ctx.Err() == nil {
		return sum, err
	}
	if writeErr != nil {
		return sum, fmt.Errorf("write: %w", writeErr)
	}
	return sum, nil
}

// Each processes items on a bounded pool of workers and calls emit once per
// item, in input order, from the calling goroutine. An item that arrives
// with an error is passed on without processing. At most four items per
// worker are in flight (being processed, or done and waiting for their turn),
// so memory stays bounded whatever the number of items. Each returns when
// items is closed and everything is emitted.
func (e *Engine) Each(ctx context.Context, items <-chan Item, workers int, emit func(Item, Result, error)) {
	if workers < 1 {
		workers = 1
	}
	type job struct {
		seq  int
		item Item
	}
	type done struct {
		seq  int
		item Item
		res  Result
		err  error
	}
	jobs := make(chan job, workers)
	results := make(chan done, workers*2)
	tokens := make(chan struct{}, 4*workers)
	go func() {
		defer close(jobs)
		seq := 0
		for it := range items {
			tokens <- struct{}{}
			jobs <- job{seq: seq, item: it}
			seq++
		}
	}()
	var wg sync.WaitGroup
	for i := 0; i < workers; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range jobs {
				d := done{seq: j.seq, item: j.item, err: j.item.Err}
				if d.err == nil && ctx.Err() == nil {
					d.res, d.err = e.safeProcess(j.item.Doc)
				} else if d.err == nil {
					d.err = ctx.Err()
				}
				results <- d
			}
		}()
	}
	go func() { wg.Wait(); close(results) }()

	pending := map[int]done{}
	next := 0
	for d := range results {
		pending[d.seq] = d
		for {
			cur, ok := pending[next]
			if !ok {
				break
			}
			delete(pending, next)
			next++
			<-tokens
			emit(cur.item, cur.res, cur.err)
		}
	}
}

// safeProcess turns a panic on one document into that document's error: a
// bug met on one article must not lose the batch.
func (e *Engine) safeProcess(doc Document) (res Result, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("internal error: %v", r)
		}
	}()
	return e.Process(doc)
}
