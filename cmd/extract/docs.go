package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"incidentkit/pipeline"
	"incidentkit/pipeline/textenc"
)

// docPath is the PATH argument of explain and clean: a text or HTML file, a
// feed (every line), FILE.jsonl#ID (the line whose id is ID, or lineN for
// the Nth line without one), a folder, or - for standard input (with --feed,
// a feed: "-#ID" picks a line).
type docPath struct {
	path string
	id   string // the feed line wanted; "" for all
	feed bool   // standard input is a feed
	enc  textenc.Encoding
}

func parseDocPath(arg string, feed bool, enc textenc.Encoding) docPath {
	if _, err := os.Stat(arg); err == nil || arg == pipeline.StdinPath {
		return docPath{path: arg, feed: feed, enc: enc}
	}
	if i := strings.LastIndexByte(arg, '#'); i > 0 {
		p := arg[:i]
		if pipeline.IsFeed(p) || (p == pipeline.StdinPath && feed) {
			return docPath{path: p, id: arg[i+1:], feed: feed, enc: enc}
		}
	}
	return docPath{path: arg, feed: feed, enc: enc}
}

// single reports whether the PATH names one document, whose output needs no
// header naming it.
func (d docPath) single() bool {
	if d.id != "" {
		return true
	}
	if d.path == pipeline.StdinPath {
		return !d.feed
	}
	st, err := os.Stat(d.path)
	return err == nil && !st.IsDir() && !pipeline.IsFeed(d.path)
}

// each reads the documents of d in order and calls fn on each good one; a
// bad document or feed line is reported on stderr and the rest go on
// (errReported at the end). A feed line asked for by id that is not there
// is an error.
func (d docPath) each(e *env, fn func(doc pipeline.Document) error) error {
	ctx, cancel := context.WithCancel(e.ctx)
	defer cancel()
	items := make(chan pipeline.Item)
	var stats pipeline.Stats
	walkErr := make(chan error, 1)
	in := pipeline.Inputs{Paths: []string{d.path}, Stdin: e.stdin, Feed: d.feed, Encoding: d.enc}
	go func() { walkErr <- pipeline.WalkInputs(ctx, in, items, &stats) }()
	want := ""
	if d.id != "" {
		base := pipeline.StdinName
		if d.path != pipeline.StdinPath {
			base = filepath.Base(d.path)
		}
		want = base + "#" + d.id
	}
	var err error
	found, failed := false, false
	for it := range items {
		if err != nil || (want != "" && it.Doc.ID != want) {
			continue // drain: the walker stops on cancel
		}
		found = true
		if it.Note != "" {
			fmt.Fprintf(e.stderr, "extract: %s: %s\n", it.Name, it.Note) // not a failure
		}
		if it.Err != nil {
			fmt.Fprintf(e.stderr, "extract: %s: %v\n", it.Name, it.Err)
			failed = true
			continue
		}
		if it.Lost != nil {
			fmt.Fprintf(e.stderr, "extract: %s: %v\n", it.Name, pipeline.LostError{Err: it.Lost})
			failed = true
		}
		if cut := it.Doc.ReadCut(); cut != nil {
			fmt.Fprintf(e.stderr, "extract: %s: %v\n", it.Name, pipeline.LostError{Err: cut})
			failed = true
		}
		if err = fn(it.Doc); err != nil {
			err = fmt.Errorf("%s: %w", it.Name, err)
			cancel()
		}
	}
	if werr := <-walkErr; err == nil && werr != nil {
		err = werr
	}
	switch {
	case err != nil:
		return err
	case want != "" && !found:
		return fmt.Errorf("%s: no line with id %q (feed lines without an id are line1, line2, ...)", d.path, d.id)
	case failed:
		return errReported
	}
	return nil
}
