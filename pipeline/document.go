// Package pipeline turns documents into incident records. Process (in
// pipeline.go) is the whole flow in one function: clean -> sentences ->
// extractors -> assemble -> records. The batch runner and the output sinks
// live here too.
package pipeline

import "time"

// Document is one input article.
type Document struct {
	ID        string    // doc id written to records: path relative to the corpus root, or FILE#id for a feed line
	Raw       []byte    // the text as read, in UTF-8: a file in another encoding is decoded when read (textenc)
	HTML      bool      // Raw is an HTML page, not plain text
	Published time.Time // publication date when known (sidecar, feed, HTML metadata); anchors relative dates
	Title     string
	URL       string
	Source    string
	// RawSize, when set, is how many bytes Raw had before the reader cut it
	// to the budget of one document (Process reports the cut).
	RawSize int
}

// Block kinds.
const (
	BlockParagraph = "paragraph"
	BlockHeading   = "heading"  // context (a year), never evidence
	BlockDateline  = "dateline" // a report's place and date, never evidence
)

// Block is one paragraph, heading or dateline of the cleaned text.
type Block struct {
	Start, End int    // byte offsets into Cleaned.Text
	Kind       string // BlockParagraph, BlockHeading, BlockDateline
	Heading    bool   // Kind == BlockHeading
}

// Cleaned is the text extraction works on: evidence offsets point into Text.
type Cleaned struct {
	Text     string
	Blocks   []Block
	Dateline *Dateline  // the report's dateline, nil when it opens with none
	Later    []Dateline // datelines opening later paragraphs of a round-up, in order
	Stamp    *Stamp     // the page's publication stamp, nil when none is read
}

// Stamp is a page's publication stamp among its first lines ("This Article
// is From Feb 21, 2013"), dropped from the text; its date stands in for a
// publication date the document lacks.
type Stamp struct {
	Text             string
	Year, Month, Day int
	Rule             string
}

// Sentence is one sentence of a non-heading block.
type Sentence struct {
	Start, End  int // byte offsets into Cleaned.Text
	Text        string
	Block       int // index into Cleaned.Blocks: the paragraph it is read with (the lines of an entry read line by line are one, the first line's)
	HeadingYear int // year given by the nearest heading above that gives one, 0 if none
	Section     int // index of the heading block above, -1 if none
	// A chronology's entry: the date line ("2 January") and the country or
	// region line ("Tajikistan") above the paragraph the sentence is in;
	// Entry marks the first sentence of the first paragraph under them.
	DateLine, PlaceLine string
	Entry               bool
	// Split: the second clause of a sentence telling two events, each with
	// its own day and place ("..., and two officers were injured in
	// Chechnya Sunday"): it takes the first clause's kind of event.
	Split bool
}
