package pipeline

import (
	"time"

	"incidentkit/extractors/dates"
	"incidentkit/extractors/groups"
	"incidentkit/extractors/numbers"
	"incidentkit/extractors/places"
	"incidentkit/rules"
)

// An Annotator marks one kind of span on a sentence: cues (triggers and
// exclusions), dates, groups, places, counts and casualty facts. The engine
// runs them in order (Engine.chain, built from the loaded rules), so each
// may read what the ones before it marked; docState carries what one
// sentence tells the next (the year, the country).
type Annotator interface {
	Annotate(d *docState, s *sentence)
}

// docState is what annotating one sentence leaves for the next ones of the
// document.
type docState struct {
	published time.Time
	dateline  places.Hint // the country (and region) of the report's dateline
	ctxYear   int         // the year of the section heading or of the latest dated opening
	prevDay   time.Time   // the day of the latest event told, for "the same day"
	// clauseDay: the day of the sentence just read, for the second clause
	// split from it; nil when it told none.
	clauseDay *dates.Date
	// marker: the date of the entry marker that opened the paragraph so far
	// ("Jan. 9: In Ayacucho, ... In Lima, ..."), for the undated events
	// after it in that paragraph; markerBlock its paragraph, -1: none.
	marker      *dates.Date
	markerBlock int
	lastSection int
	hint        places.Hint
	// clause: the kind of event of the sentence before, for the second
	// clause of a sentence split in two (Sentence.Split).
	clause struct {
		category string
		trigger  rules.Rule
	}
}

func newDocState(doc Document) *docState {
	return &docState{published: doc.Published, lastSection: -2, markerBlock: -1}
}

// sentence is one sentence with everything the annotators found in it.
// Offsets inside (dates, numbers, places, groups, facts) are relative to the
// sentence.
type sentence struct {
	Sentence
	cand []bool // cues that may match (rules.Prefilter); nil: all may

	// cues
	category string     // attack | clash | foiled_plot | arrest | "" (no trigger)
	trigger  rules.Rule // the cue that set category
	trigPos  int        // byte offset of the trigger in the sentence
	weak     bool       // only a weak trigger (a killing): needs a date of its own
	plural   bool       // only plural event nouns ("attacks", "raids"): a trend unless dated to the day
	refers   bool       // the trigger is a definite reference ("the attack"): a new event only when dated
	excluded string     // name of the exclude rule that matched, "" if none
	anaphora bool       // refers back to an incident ("the attackers", "the raid")

	// dates
	dates   []dates.Date
	date    *dates.Date // the event date, nil if none
	opensAt bool        // the sentence opens with its date ("On 2 March 2024, ...")
	marker  bool        // it opens with an entry marker: a date, then ":" or a dash ("Jan. 9: ...")
	// entryDate: for an undated event after an entry marker in its
	// paragraph, the marker's date (the incident's, when it has none).
	entryDate *dates.Date
	// reported: the event date is the report's ("the prosecutor announced
	// Wednesday"): a day named later for the act itself wins over it.
	reported bool
	// lead: the publication month of a report, for a sentence of its first
	// paragraphs (its own event told with no day takes that month); "" for
	// any other sentence or a document with no publication date.
	lead string

	groups  []groups.Mention
	places  []places.Place // mentions that read as locations (see located)
	hint    places.Hint    // the country and region the document was about before this sentence
	filed   places.Hint    // the country of the document's dateline
	numbers []numbers.Number
	facts   []fact
	fired   []string // casualty rules that matched (explain, rule corpora)
}

// may reports whether rule r can match this sentence at all.
func (s *sentence) may(r rules.Rule) bool { return s.cand == nil || r.ID < 0 || s.cand[r.ID] }

// find returns the first match of r in the sentence, when the prefilter
// allows it.
func (s *sentence) find(r rules.Rule) []int {
	if r.Re == nil || !s.may(r) {
		return nil
	}
	return r.Re.FindStringIndex(s.Text)
}

// matches reports whether any rule of rs matches the sentence.
func (s *sentence) matches(rs []rules.Rule) bool {
	for _, r := range rs {
		if s.find(r) != nil {
			return true
		}
	}
	return false
}
