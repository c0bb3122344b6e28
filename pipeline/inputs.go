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
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/araddon/dateparse"

	"incidentkit/extractors/dates"
	"incidentkit/pipeline/textenc"
)

// MaxFileSize bounds what one document may weigh: a 60 MB "article" is a
// mistake (a dump, a binary), and reading it would cost the whole batch.
const MaxFileSize = 16 << 20

// Item is one unit of work for the batch: a document, or the error that
// kept a file or feed line from becoming one.
type Item struct {
	Doc    Document
	Name   string // what to call it in messages: the path, or FILE:LINE for a feed line
	Source string // the file it was read from, absolute ("-" for standard input); the store compares it
	Err    error
	// Note, when set, tells how the file was read when not as the plain
	// UTF-8 it was taken to be ("decoded as windows-1252 (not UTF-8)"):
	// worth a line on stderr, but not a failure.
	Note string
	// Lost, when set, is metadata that could not be read (a sidecar that is
	// not JSON, a publication date that is no date or out of range): the
	// document was read without it and is processed, but the loss is
	// reported like a failure, so the exit status says something is wrong.
	Lost error
}

// MetadataError is metadata of a document that could not be read; the
// document comes with it, read without that metadata. NewDocument returns
// it; Settle moves it to Item.Lost.
type MetadataError struct{ Err error }

func (m *MetadataError) Error() string { return m.Err.Error() + "; read without it" }
func (m *MetadataError) Unwrap() error { return m.Err }

// Settle moves a MetadataError from it.Err to it.Lost: the document is
// processed, and its loss reported.
func (it Item) Settle() Item {
	var me *MetadataError
	if errors.As(it.Err, &me) {
		it.Lost, it.Err = it.Err, nil
	}
	return it
}

// Stats counts what a walk saw besides documents.
type Stats struct {
	Skipped int // files of a kind extract does not read
}

// StdinPath is the PATH that stands for standard input: one document, or a
// JSONL feed when Inputs.Feed is set. Its doc id is StdinName.
const (
	StdinPath = "-"
	StdinName = "stdin"
)

// Inputs are what a batch reads: PATHs (folders, files, or StdinPath) and
// what standard input is.
type Inputs struct {
	Paths []string
	Stdin io.Reader // read for StdinPath; nil refuses it
	Feed  bool      // StdinPath is a JSONL feed, not one document
	// Encoding is forced on every text and HTML file and standard input
	// document; the zero Encoding detects each one's (see textenc). Feeds
	// are JSON, always UTF-8.
	Encoding textenc.Encoding
}

// Walk sends every document under paths, in sorted path order, to out; it
// reads files one at a time so memory stays bounded whatever the corpus
// size. See WalkInputs for the doc ids.
func Walk(ctx context.Context, paths []string, out chan<- Item, stats *Stats) error {
	return WalkInputs(ctx, Inputs{Paths: paths}, out, stats)
}

// WalkInputs is Walk with standard input. A single directory PATH gives doc
// ids relative to it, a file PATH its base name; with several PATHs every id
// starts with its PATH's base name ("A/x.txt", "B/x.txt"), so ids are unique
// within a run. PATHs that are missing or share a base name are refused
// before anything is read (CheckPaths).
func WalkInputs(ctx context.Context, in Inputs, out chan<- Item, stats *Stats) error {
	defer close(out)
	roots, err := CheckPaths(in.Paths)
	if err != nil {
		return err
	}
	return eachFile(ctx, roots, in, func(path, id string) bool {
		return emitFile(ctx, path, id, in.Encoding, out, stats)
	}, func(path string, err error) bool {
		return send(ctx, out, Item{Name: path, Source: absPath(path), Err: err})
	}, func(r io.Reader, id string) bool {
		return emitStdin(ctx, r, id, in, out)
	})
}

// Count counts the documents Walk would send (text and HTML files, non-blank
// feed lines) without reading them, for a progress bar's total. Standard
// input counts as one.
func Count(ctx context.Context, paths []string) (int, error) {
	roots, err := CheckPaths(paths)
	if err != nil {
		return 0, err
	}
	n := 0
	err = eachFile(ctx, roots, Inputs{Stdin: strings.NewReader("")}, func(path, _ string) bool {
		switch kind(path) {
		case "text", "html":
			n++
		case "feed":
			n += countLines(path)
		}
		return ctx.Err() == nil
	}, func(string, error) bool { n++; return true }, func(io.Reader, string) bool { n++; return true })
	return n, err
}

// Root is one PATH with the prefix of its doc ids.
type Root struct {
	Path   string
	Prefix string // "" for a single PATH, else the PATH's base name and "/"
}

// CheckPaths checks the PATHs of a run before any work: each exists (or is
// StdinPath, once), and with several PATHs no two share a base name, which
// would give two documents one doc id.
func CheckPaths(paths []string) ([]Root, error) {
	roots := make([]Root, len(paths))
	seen := map[string]string{}
	for i, p := range paths {
		roots[i].Path = p
		name := StdinName
		if p != StdinPath {
			if _, err := os.Stat(p); err != nil {
				return nil, fmt.Errorf("%s: %w", p, err)
			}
			name = filepath.Base(absPath(p))
		}
		if other, dup := seen[name]; dup {
			if other == p {
				return nil, fmt.Errorf("PATH %s given twice", p)
			}
			return nil, fmt.Errorf("PATHs %s and %s have one base name %q, so their documents would share doc ids: rename one, or give the folder that holds both", other, p, name)
		}
		seen[name] = p
		if len(paths) > 1 {
			roots[i].Prefix = name + "/"
		}
	}
	return roots, nil
}

func absPath(p string) string {
	if a, err := filepath.Abs(p); err == nil {
		return a
	}
	return p
}

// eachFile calls file for every file under roots in sorted order, with its
// doc id (see WalkInputs), stdin for StdinPath, and bad for what cannot be
// read; hidden directories are skipped. Any of them returning false stops
// the walk.
func eachFile(ctx context.Context, roots []Root, in Inputs, file func(path, id string) bool, bad func(path string, err error) bool, stdin func(r io.Reader, id string) bool) error {
	for _, root := range roots {
		if root.Path == StdinPath {
			if in.Stdin == nil {
				return fmt.Errorf("%s: standard input is not read here", StdinPath)
			}
			// Like a file PATH, its id is its name alone, with one PATH or many.
			if !stdin(in.Stdin, StdinName) {
				return ctx.Err()
			}
			continue
		}
		st, err := os.Stat(root.Path)
		if err != nil {
			return fmt.Errorf("%s: %w", root.Path, err)
		}
		if !st.IsDir() {
			if !file(root.Path, filepath.Base(root.Path)) {
				return ctx.Err()
			}
			continue
		}
		err = filepath.WalkDir(root.Path, func(path string, d fs.DirEntry, err error) error {
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
				if path != root.Path && strings.HasPrefix(d.Name(), ".") {
					return fs.SkipDir
				}
				return nil
			}
			rel, _ := filepath.Rel(root.Path, path)
			if !file(path, root.Prefix+filepath.ToSlash(rel)) {
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
	f, err := openRegular(path)
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

// IsFeed reports whether a path names a JSONL feed (one document a line).
func IsFeed(path string) bool { return kind(path) == "feed" }

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

func emitFile(ctx context.Context, path, id string, enc textenc.Encoding, out chan<- Item, stats *Stats) bool {
	switch kind(path) {
	case "text", "html":
		doc, note, err := ReadDocument(path, id, enc)
		return send(ctx, out, Item{Doc: doc, Name: path, Source: absPath(path), Err: err, Note: note}.Settle())
	case "feed":
		f, err := openRegular(path)
		if err != nil {
			return send(ctx, out, Item{Name: path, Source: absPath(path), Err: err})
		}
		defer f.Close()
		return emitFeed(ctx, f, path, absPath(path), id, out)
	case "sidecar":
		return true // read with its document
	default:
		stats.Skipped++
		return true
	}
}

// ReadDocument reads one .txt or .html file with its NAME.meta.json sidecar,
// decoded to UTF-8 (enc forces an encoding; the zero Encoding detects it),
// rejecting empty, binary and oversized files with a clear reason. The note
// says how the file was decoded when it was not plain UTF-8.
func ReadDocument(path, id string, enc textenc.Encoding) (doc Document, note string, err error) {
	raw, err := readBounded(path)
	if err != nil {
		return Document{}, "", err
	}
	return NewDocument(path, id, raw, enc, readRegular)
}

// openRegular opens a regular file for reading, and refuses anything else
// by its type before opening it: opening a named pipe blocks until a writer
// comes (for ever, in a crawl folder), and a device or socket is no article.
// The type is checked again on the open file, in case it changed between.
func openRegular(path string) (*os.File, error) {
	st, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	if err := regular(st); err != nil {
		return nil, err
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	if st, err = f.Stat(); err == nil {
		err = regular(st)
	}
	if err != nil {
		f.Close()
		return nil, err
	}
	return f, nil
}

// regular refuses what is not a regular file, naming its type.
func regular(st fs.FileInfo) error {
	m := st.Mode()
	if m.IsRegular() {
		return nil
	}
	what := "not a regular file"
	switch {
	case m.IsDir():
		what = "a directory"
	case m&fs.ModeNamedPipe != 0:
		what = "a named pipe (FIFO)"
	case m&fs.ModeSocket != 0:
		what = "a socket"
	case m&fs.ModeDevice != 0:
		what = "a device"
	}
	return fmt.Errorf("%s, not a regular file: not read", what)
}

// readRegular is os.ReadFile for regular files only (see openRegular).
func readRegular(path string) ([]byte, error) {
	f, err := openRegular(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return readAllBounded(f)
}

// NewDocument makes the document of a .txt or .html file's bytes, read by
// the caller from wherever it lives (a local disk, a Beam filesystem), with
// the same checks, decoding (enc forces an encoding; the zero Encoding
// detects it) and sidecar as ReadDocument, and the same note; readFile
// reads the sidecar candidates and returns an error wrapping
// fs.ErrNotExist for a missing one.
func NewDocument(path, id string, raw []byte, enc textenc.Encoding, readFile func(string) ([]byte, error)) (doc Document, note string, err error) {
	doc = Document{ID: id, HTML: kind(path) == "html"}
	if len(raw) > MaxFileSize {
		return doc, "", fmt.Errorf("file too large: %.1f MB (limit %d MB)", float64(len(raw))/(1<<20), MaxFileSize>>20)
	}
	if doc.Raw, note, err = decodeText(raw, doc.HTML, enc); err != nil {
		return doc, "", err
	}
	cutOnRead(&doc)
	m, p, err := readSidecar(path, readFile)
	if err != nil {
		return doc, note, &MetadataError{err}
	}
	if m != nil {
		doc.Title, doc.URL, doc.Source = m.Title, m.URL, m.Source
		if m.Published != "" {
			t, err := parseDate(m.Published)
			if err != nil {
				return doc, note, &MetadataError{fmt.Errorf("sidecar %s: published %q: %w", p, m.Published, err)}
			}
			doc.Published = t
		}
	}
	return doc, note, nil
}

// FileKind is what Walk makes of a file by its name: "text", "html",
// "feed" (.jsonl), "sidecar" (read with its document) or "" (skipped).
func FileKind(name string) string { return kind(name) }

func readBounded(path string) ([]byte, error) {
	f, err := openRegular(path)
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
	return readAllBounded(f)
}

func readAllBounded(r io.Reader) ([]byte, error) {
	raw, err := io.ReadAll(io.LimitReader(r, MaxFileSize+1))
	if err != nil {
		return nil, err
	}
	if len(raw) > MaxFileSize {
		return nil, fmt.Errorf("file too large (limit %d MB)", MaxFileSize>>20)
	}
	return raw, nil
}

// decodeText turns the bytes of a text or page into the UTF-8 every later
// stage assumes (textenc), and rejects what cannot be an article: nothing,
// or a binary file. The note is textenc's, "" for plain UTF-8.
func decodeText(raw []byte, html bool, enc textenc.Encoding) ([]byte, string, error) {
	t, err := textenc.Decode(raw, html, enc)
	if err != nil {
		return nil, "", err
	}
	if len(bytes.TrimSpace(t.UTF8)) == 0 {
		return nil, "", errors.New("empty document")
	}
	return t.UTF8, t.Note(), nil
}

// checkFeedText checks the text of a feed line, which JSON makes UTF-8
// already: forcing UTF-8 only refuses a binary or empty one.
func checkFeedText(raw []byte, html bool) ([]byte, error) {
	force, err := textenc.Lookup(textenc.UTF8)
	if err != nil {
		return nil, err // textenc knows its own name: a bug
	}
	text, _, err := decodeText(raw, html, force)
	return text, err
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

// readSidecar reads NAME.meta.json beside NAME.txt (or NAME.txt.meta.json),
// and returns it with its path.
func readSidecar(path string, readFile func(string) ([]byte, error)) (*meta, string, error) {
	base := strings.TrimSuffix(path, filepath.Ext(path))
	for _, p := range []string{base + ".meta.json", path + ".meta.json"} {
		data, err := readFile(p)
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			return nil, p, fmt.Errorf("sidecar %s: %w", p, err)
		}
		var m meta
		if err := json.Unmarshal(data, &m); err != nil {
			return nil, p, fmt.Errorf("sidecar %s: %w", p, err)
		}
		return &m, p, nil
	}
	return nil, "", nil
}

// parseDate reads a publication date in any common form; dateparse knows the
// formats, we only pin the time zone so results do not depend on the machine.
func parseDate(s string) (time.Time, error) {
	t, err := dateparse.ParseIn(strings.TrimSpace(s), time.UTC)
	if err != nil {
		return time.Time{}, err
	}
	if !dates.InRange(t.Year()) {
		return time.Time{}, fmt.Errorf("year %d in UTC, outside %d-%d", t.Year(), dates.MinYear, dates.MaxYear)
	}
	return t, nil
}

// emitFeed sends one document per line of a JSONL feed read from r (the
// file path, or StdinPath), each item's Source set to source; a malformed
// line is reported with its number and the rest of the feed goes on.
func emitFeed(ctx context.Context, r io.Reader, path, source, id string, out chan<- Item) bool {
	return ReadFeed(r, path, id, func(it Item) bool {
		it.Source = source
		return send(ctx, out, it)
	})
}

// ReadFeed calls emit with one item per non-blank line of a JSONL feed read
// from r (a file, standard input, a Beam filesystem's reader; path names it
// in messages, id prefixes the doc ids); a malformed line is an item with
// its error, and the rest of the feed goes on. Items carry no Source: the
// caller knows where r comes from. It stops when emit returns false, and
// reports whether it read to the end.
func ReadFeed(r io.Reader, path, id string, emit func(Item) bool) bool {
	br := bufio.NewReaderSize(r, 1<<16)
	line := 0
	for {
		data, err := readLine(br)
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

// emitStdin sends the document, or with feed every line of the feed, that
// standard input holds. Reads give up when ctx ends: a terminal or a pipe
// left open must not keep an interrupted batch waiting.
func emitStdin(ctx context.Context, r io.Reader, id string, in Inputs, out chan<- Item) bool {
	r = ctxReader{ctx: ctx, r: r}
	if in.Feed {
		return emitFeed(ctx, r, StdinPath, StdinPath, id, out)
	}
	doc, note, err := ReadStdin(r, id, in.Encoding)
	return send(ctx, out, Item{Doc: doc, Name: StdinPath, Source: StdinPath, Err: err, Note: note})
}

// ReadStdin reads one document from r (standard input): HTML when its bytes
// sniff as HTML, else text; bounded, decoded, checked and rejected like a
// file.
func ReadStdin(r io.Reader, id string, enc textenc.Encoding) (doc Document, note string, err error) {
	doc = Document{ID: id}
	raw, err := readAllBounded(r)
	if err != nil {
		return doc, "", err
	}
	doc.HTML = isHTML(raw)
	if !doc.HTML {
		// The sniffer reads bytes, not text: a UTF-16 page only shows
		// itself once decoded.
		if t, err := textenc.Decode(raw, false, enc); err == nil && isHTML(t.UTF8) {
			doc.HTML = true
		}
	}
	doc.Raw, note, err = decodeText(raw, doc.HTML, enc)
	cutOnRead(&doc)
	return doc, note, err
}

func isHTML(raw []byte) bool {
	return strings.HasPrefix(http.DetectContentType(raw), "text/html")
}

// ctxReader is a reader whose Read returns when ctx ends, even while the
// reader under it blocks (the read goes on in the background and is lost).
type ctxReader struct {
	ctx context.Context
	r   io.Reader
}

func (c ctxReader) Read(p []byte) (int, error) {
	if err := c.ctx.Err(); err != nil {
		return 0, err
	}
	type result struct {
		n   int
		err error
	}
	buf := make([]byte, len(p))
	done := make(chan result, 1)
	go func() {
		n, err := c.r.Read(buf)
		done <- result{n, err}
	}()
	select {
	case res := <-done:
		return copy(p, buf[:res.n]), res.err
	case <-c.ctx.Done():
		return 0, c.ctx.Err()
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
	var lost error
	if m.Published != "" {
		t, err := parseDate(m.Published)
		if err != nil {
			lost = &MetadataError{fmt.Errorf("published %q: %w", m.Published, err)}
		}
		doc.Published = t
	}
	var err error
	doc.Raw, err = checkFeedText(doc.Raw, doc.HTML)
	if err != nil {
		return Item{Doc: doc, Name: name, Err: err}
	}
	cutOnRead(&doc)
	return Item{Doc: doc, Name: name, Lost: lost}
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
