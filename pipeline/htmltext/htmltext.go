// Package htmltext turns a saved web page into its main text and metadata.
//
// The boilerplate removal (navigation, footers, share widgets, comments) is done by
// codeberg.org/readeck/go-readability/v2, a maintained port of Mozilla Readability,
// which measured best on the htmlbench pages (see MEASUREMENTS.md). This package adds
// what the library does not give in the shape the pipeline needs: block-structured
// plain text, an ISO publication date as found on the page, the canonical URL and the
// page language, all read with goquery from the untouched document.
package htmltext

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	nurl "net/url"
	"runtime/debug"

	readability "codeberg.org/readeck/go-readability/v2"
	"github.com/PuerkitoBio/goquery"
	"golang.org/x/net/html"

	"incidentkit/pipeline/textenc"
)

// Page is what Extract finds in one web page.
type Page struct {
	Title     string `json:"title"`
	Published string `json:"published"` // ISO 8601 date or date-time as found, "" when unknown
	URL       string `json:"url"`       // canonical URL when the page gives one, else the pageURL argument
	Language  string `json:"language"`
	// Text is the main text: one paragraph, heading or list item per block, blocks
	// separated by a blank line, no HTML, whitespace collapsed inside blocks.
	Text string `json:"text"`
}

// DefaultMaxBytes bounds how much of a page Extract reads. Real article pages are well
// under it; the bound keeps a runaway input from exhausting memory.
const DefaultMaxBytes = 32 << 20

// Cleaner extracts Pages. It holds only read-only configuration, so one Cleaner can be
// shared by any number of goroutines.
type Cleaner struct {
	maxBytes int64
}

// New returns a Cleaner with the default configuration.
func New() *Cleaner {
	return &Cleaner{maxBytes: DefaultMaxBytes}
}

var (
	// ErrTooLarge is returned when the input exceeds the Cleaner's size bound.
	ErrTooLarge = errors.New("page too large")
	// ErrNotText is returned for binary input (an image or archive saved under a .html
	// name): extracting "text" from it would only feed noise to the extractors.
	ErrNotText = errors.New("input is binary, not an HTML page")
)

// Extract reads one HTML page from r and returns its main text and metadata. pageURL,
// which may be empty, resolves relative canonical links and is the URL reported when
// the page names none. A page with no recognisable main content yields an empty Text
// and no error; errors are reserved for unreadable input and extractor failures.
func (c *Cleaner) Extract(r io.Reader, pageURL string) (page Page, err error) {
	// The readability port walks arbitrary, often malformed DOMs; a bug there must cost
	// one page, not the whole batch.
	defer func() {
		if p := recover(); p != nil {
			page = Page{}
			err = fmt.Errorf("htmltext: extract %q: panic in extractor: %v\n%s", pageURL, p, debug.Stack())
		}
	}()

	raw, err := io.ReadAll(io.LimitReader(r, c.maxBytes+1))
	if err != nil {
		return Page{}, fmt.Errorf("htmltext: read %q: %w", pageURL, err)
	}
	if int64(len(raw)) > c.maxBytes {
		return Page{}, fmt.Errorf("htmltext: read %q: %w (over %d bytes)", pageURL, ErrTooLarge, c.maxBytes)
	}

	// Documents read by the pipeline arrive decoded already; a caller's raw
	// page (or one stored before) is decoded here the same way.
	dec, err := textenc.Decode(raw, true, textenc.Encoding{})
	if errors.Is(err, textenc.ErrBinary) || err == nil && looksBinary(dec.UTF8) {
		return Page{}, fmt.Errorf("htmltext: %q: %w", pageURL, ErrNotText)
	}
	if err != nil {
		return Page{}, fmt.Errorf("htmltext: %q: %w", pageURL, err)
	}
	text := dec.UTF8
	root, err := html.Parse(bytes.NewReader(text))
	if err != nil {
		return Page{}, fmt.Errorf("htmltext: parse %q: %w", pageURL, err)
	}

	base, _ := nurl.Parse(pageURL) // a bad pageURL only loses link resolution
	if base != nil && !base.IsAbs() {
		base = nil
	}

	// Metadata must be read first: readability deletes scripts (and so the JSON-LD)
	// and rewrites the tree in place, which spares us cloning the whole document.
	doc := goquery.NewDocumentFromNode(root)
	meta := readMetadata(doc, base)

	// A fresh Parser per call: it keeps per-document state, so sharing one would make
	// the Cleaner unsafe for concurrent use.
	parser := readability.NewParser()
	article, err := parser.ParseAndMutate(root, base)
	if err != nil {
		return Page{}, fmt.Errorf("htmltext: readability %q: %w", pageURL, err)
	}

	page = Page{
		Title:     firstNonEmpty(collapse(article.Title()), meta.title),
		Published: meta.published,
		URL:       firstNonEmpty(meta.canonical, pageURL),
		Language:  firstNonEmpty(meta.language, normalizeLang(article.Language())),
	}
	if page.Published == "" {
		// A safety net rather than a source: readability reads the same tags as
		// meta.go, but reports only a parsed time, so the page's own spelling is lost.
		if t, err := article.PublishedTime(); err == nil && !t.IsZero() {
			page.Published = t.Format("2006-01-02T15:04:05Z07:00")
		}
	}
	if article.Node != nil {
		page.Text = blockText(article.Node)
	}
	return page, nil
}

// looksBinary reports whether the start of the decoded input holds a NUL or more than
// 2% control characters, which text and HTML of any language never do.
func looksBinary(text []byte) bool {
	head := text[:min(len(text), 8192)]
	controls, n := 0, 0
	for _, r := range string(head) {
		n++
		switch {
		case r == 0:
			return true
		case r < 0x20 && r != '\t' && r != '\n' && r != '\r' && r != '\f', r == 0x7f:
			controls++
		}
	}
	return n > 0 && controls*50 > n
}

func firstNonEmpty(s ...string) string {
	for _, v := range s {
		if v != "" {
			return v
		}
	}
	return ""
}
