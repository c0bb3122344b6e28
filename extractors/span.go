// Package extractors holds what every extractor shares: the Span type. Each
// dimension (dates, numbers, places, groups) lives in its own sub-package with
// its rules and its example corpus, in the spirit of Duckling.
package extractors

// Span is a piece of text an extractor found. Start and End are byte offsets
// into the text the extractor was given (so text[Start:End] == Text), and Rule
// names the pattern that matched, so analysts can see why a value was set.
type Span struct {
	Start int    `json:"start"`
	End   int    `json:"end"`
	Text  string `json:"text"`
	Rule  string `json:"rule"`
}
