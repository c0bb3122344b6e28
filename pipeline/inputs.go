package pipeline

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/araddon/dateparse"
)

// MaxFileSize bounds what one document may weigh: a 60 MB "article" is a
// mistake (a dump, a binary), and reading it would cost the whole batch.
const MaxFileSize = 16 << 20

// Item is one unit of work for the batch: a document, or the error that
// kept a file or feed line from becoming one.
type Item struct {
	Doc  Document
	Name string // what to call it in messages: the path, or FILE:LINE for a feed line
	Err  error
}

// Stats counts what a walk saw besides documents.
type Stats struct {
	Skipped int // files of a kind extract does not read
}

// Walk sends every document under paths, in sorted path order, to out; it
// reads files one at a time so memory stays bounded whatever the corpus
// size. A directory PATH gives doc ids relative to it; a file PATH gives its
// base name. Missing paths are errors.
func Walk(ctx context.Context, paths []string, out chan<- Item, stats *Stats) error {
	defer close(out)
	return eachFile(ctx, paths, func(path, id string) bool {
		return emitFile(ctx, path, id, out, stats)
	}, func(path string, err error) bool {
		return send(ctx, out, Item{Name: path, Err: err})
	})
}

// Count counts the documents Walk would send (text and HTML files, non-blank
// feed lines) without reading them, for a progress bar's total.
func Count(ctx context.Context, paths []string) (int, error) {
	n := 0
	err := eachFile(ctx, paths, func(path, _ string) bool {
		switch kind(path) {
		case "text", "html":
			n++
		case "feed":
			n += countLines(path)
		}
		return ctx.Err() == nil
	}, func(string, error) bool { n++; return true })
	return n, err
}

// eachFile calls file for every file under paths in sorted order, with its
// doc id (path relative to the PATH, or the base name of a file PATH), and
// bad for what cannot be read; hidden directories are skipped. Either
// returning false stops the walk.
func eachFile(ctx context.Context, paths []string, file func(path, id string) bool, bad func(path string, err error) bool) error {
	for _, root := range paths {
		st, err := os.Stat(root)
		if err != nil {
			return fmt.Errorf("%s: %w", root, err)
		}
		if !st.IsDir() {
			if !file(root, filepath.Base(root)) {
				return ctx.Err()
			}
			continue
		}
		err = filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				if !bad(path, err) {
					return ctx.Err()
				}
				if d != nil && d.IsDir() {
					return fs.SkipDir
				}
				return nil
			}
			if d.IsDir() {
				if path != root && strings.HasPrefix(d.Name(), ".") {
					return fs.SkipDir
				}
				return nil
			}
			rel, _ := filepath.Rel(root, path)
			if !file(path, filepath.ToSlash(rel)) {
				return ctx.Err()
			}
			return nil
		})
		if err != nil {
			return err
		}
	}
	return nil
}

// countLines counts the non-blank lines of a feed.
func countLines(path string) int {
	f, err := os.Open(path)
	if err != nil {
		return 1 // Walk reports it as one failed item
	}
	defer f.Close()
	r := bufio.NewReaderSize(f, 1<<16)
	n := 0
	for {
		line, err := readLine(r)
		if len(bytes.TrimSpace(line)) > 0 {
			n++
		}
		if err != nil {
			return n
		}
	}
}

func send(ctx context.Context, out chan<- Item, it Item) bool {
	select {
	case out <- it:
		return true
	case <-ctx.Done():
		return false
	}
}

// kind of a file by its name.
func kind(name string) string {
	l := strings.ToLower(name)
	switch {
	case strings.HasSuffix(l, ".meta.json"):
		return "sidecar"
	case strings.HasSuffix(l, ".txt"), strings.HasSuffix(l, ".text"):
		return "text"
	case strings.HasSuffix(l, ".html"), strings.HasSuffix(l, ".htm"):
		return "html"
	case strings.HasSuffix(l, ".jsonl"):
		return "feed"
	}
	return ""
}

func emitFile(ctx context.Context, path, id string, out chan<- Item, stats *Stats) bool {
	switch kind(path) {
	case "text", "html":
		doc, err := ReadDocument(path, id)
		return send(ctx, out, Item{Doc: doc, Name: path, Err: err})
	case "feed":
		return emitFeed(ctx, path, id, out)
	case "sidecar":
		return true // read with its document
	default:
		stats.Skipped++
		return true
	}
}

// ReadDocument reads one .txt or .html file with its NAME.meta.json sidecar,
// rejecting empty, binary, oversized and non-UTF-8 files with a clear reason.
func ReadDocument(path, id string) (Document, error) {
	raw, err := readBounded(path)
	if err != nil {
		return Document{}, err
	}
	return NewDocument(path, id, raw, os.ReadFile)
}

// NewDocument makes the document of a .txt or .html file's bytes, read by
// the caller from wherever it lives (a local disk, a Beam filesystem), with
// the same checks and sidecar as ReadDocument; readFile reads the sidecar
// candidates and returns an error wrapping fs.ErrNotExist for a missing one.
func NewDocument(path, id string, raw []byte, readFile func(string) ([]byte, error)) (Document, error) {
	doc := Document{ID: id, Raw: raw, HTML: kind(path) == "html"}
	if len(raw) > MaxFileSize {
		return doc, fmt.Errorf("file too large: %.1f MB (limit %d MB)", float64(len(raw))/(1<<20), MaxFileSize>>20)
	}
	if err := checkText(raw, doc.HTML); err != nil {
		return doc, err
	}
	if m, err := readSidecar(path, readFile); err != nil {
		return doc, err
	} else if m != nil {
		doc.Title, doc.URL, doc.Source = m.Title, m.URL, m.Source
		if m.Published != "" {
			t, err := parseDate(m.Published)
			if err != nil {
				return doc, fmt.Errorf("sidecar: published %q: %w", m.Published, err)
			}
			doc.Published = t
		}
	}
	return doc, nil
}

// FileKind is what Walk makes of a file by its name: "text", "html",
// "feed" (.jsonl), "sidecar" (read with its document) or "" (skipped).
func FileKind(name string) string { return kind(name) }

func readBounded(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if st.Size() > MaxFileSize {
		return nil, fmt.Errorf("file too large: %.1f MB (limit %d MB)", float64(st.Size())/(1<<20), MaxFileSize>>20)
	}
	raw, err := io.ReadAll(io.LimitReader(f, MaxFileSize+1))
	if err != nil {
		return nil, err
	}
	if len(raw) > MaxFileSize {
		return nil, fmt.Errorf("file too large (limit %d MB)", MaxFileSize>>20)
	}
	return raw, nil
}

// checkText rejects what cannot be an article: nothing, a binary file, or
// bytes that are not UTF-8.
// A page may declare another charset: the HTML cleaner decodes it, so only
// text must already be UTF-8.
func checkText(raw []byte, html bool) error {
	if len(bytes.TrimSpace(raw)) == 0 {
		return errors.New("empty document")
	}
	head := raw[:min(len(raw), 8192)]
	if bytes.IndexByte(head, 0) >= 0 {
		return errors.New("binary file (NUL bytes)")
	}
	if !html && !utf8.Valid(raw) {
		i := 0
		for i < len(raw) {
			r, n := utf8.DecodeRune(raw[i:])
			if r == utf8.RuneError && n <= 1 {
				break
			}
			i += n
		}
		return fmt.Errorf("invalid UTF-8 at byte %d", i)
	}
	return nil
}

type meta struct {
	ID        string `json:"id"`
	URL       string `json:"url"`
	Published string `json:"published"`
	Title     string `json:"title"`
	Source    string `json:"source"`
	Text      string `json:"text"`
	HTML      string `json:"html"`
}

// readSidecar reads NAME.meta.json beside NAME.txt (or NAME.txt.meta.json).
func readSidecar(path string, readFile func(string) ([]byte, error)) (*meta, error) {
	base := strings.TrimSuffix(path, filepath.Ext(path))
	for _, p := range []string{base + ".meta.json", path + ".meta.json"} {
		data, err := readFile(p)
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			return nil, fmt.Errorf("sidecar %s: %w", p, err)
		}
		var m meta
		if err := json.Unmarshal(data, &m); err != nil {
			return nil, fmt.Errorf("sidecar %s: %w", p, err)
		}
		return &m, nil
	}
	return nil, nil
}

// parseDate reads a publication date in any common form; dateparse knows the
// formats, we only pin the time zone so results do not depend on the machine.
func parseDate(s string) (time.Time, error) {
	t, err := dateparse.ParseIn(strings.TrimSpace(s), time.UTC)
	if err != nil {
		return time.Time{}, err
	}
	return t, nil
}

// emitFeed sends one document per line of a JSONL feed; a malformed line is
// reported with its number and the rest of the feed goes on.
func emitFeed(ctx context.Context, path, id string, out chan<- Item) bool {
	f, err := os.Open(path)
	if err != nil {
		return send(ctx, out, Item{Name: path, Err: err})
	}
	defer f.Close()
	return ReadFeed(f, path, id, func(it Item) bool { return send(ctx, out, it) })
}

// ReadFeed calls emit with one item per non-blank line of a JSONL feed read
// from r (path names it in messages, id prefixes the doc ids); a malformed
// line is an item with its error, and the rest of the feed goes on. It
// stops when emit returns false, and reports whether it read to the end.
func ReadFeed(f io.Reader, path, id string, emit func(Item) bool) bool {
	r := bufio.NewReaderSize(f, 1<<16)
	line := 0
	for {
		data, err := readLine(r)
		if len(data) == 0 && err != nil {
			if err != io.EOF {
				return emit(Item{Name: fmt.Sprintf("%s:%d", path, line+1), Err: err})
			}
			return true
		}
		line++
		name := fmt.Sprintf("%s:%d", path, line)
		if len(bytes.TrimSpace(data)) == 0 {
			continue
		}
		if len(data) > MaxFileSize {
			if !emit(Item{Name: name, Err: fmt.Errorf("feed line too large (limit %d MB)", MaxFileSize>>20)}) {
				return false
			}
			continue
		}
		var m meta
		var it Item
		if err := json.Unmarshal(data, &m); err != nil {
			it = Item{Name: name, Err: fmt.Errorf("malformed feed line: %w", err)}
		} else {
			it = feedItem(m, id, name, line)
		}
		if !emit(it) {
			return false
		}
	}
}

func feedItem(m meta, id, name string, line int) Item {
	docID := m.ID
	if docID == "" {
		docID = fmt.Sprintf("line%d", line)
	}
	doc := Document{ID: id + "#" + docID, Title: m.Title, URL: m.URL, Source: m.Source}
	switch {
	case m.Text != "":
		doc.Raw = []byte(m.Text)
	case m.HTML != "":
		doc.Raw, doc.HTML = []byte(m.HTML), true
	default:
		return Item{Doc: doc, Name: name, Err: errors.New("feed line has neither text nor html")}
	}
	if m.Published != "" {
		t, err := parseDate(m.Published)
		if err != nil {
			return Item{Doc: doc, Name: name, Err: fmt.Errorf("published %q: %w", m.Published, err)}
		}
		doc.Published = t
	}
	return Item{Doc: doc, Name: name, Err: checkText(doc.Raw, doc.HTML)}
}

// readLine reads one whole line however long, without the newline.
func readLine(r *bufio.Reader) ([]byte, error) {
	var buf []byte
	for {
		chunk, isPrefix, err := r.ReadLine()
		buf = append(buf, chunk...)
		if err != nil {
			return buf, err
		}
		if !isPrefix {
			return buf, nil
		}
		if len(buf) > MaxFileSize+1 {
			// Drain the rest of an oversized line.
			for isPrefix && err == nil {
				_, isPrefix, err = r.ReadLine()
			}
			return buf, err
		}
	}
}
