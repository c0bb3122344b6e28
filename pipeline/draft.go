package pipeline

import "incidentkit/rules"

// draft is a record while it is built and merged: its values by what gives
// them (the trigger, the event date, the levels of the location, the group,
// the casualty counts by field, the classes by rule file). toRecord lays it
// out in the schema's fields.
type draft struct {
	ID                           string
	Category                     string
	Date, Place, Region, Country *string
	Perpetrator                  *string
	Counts                       map[string]*int     // count field name -> value
	Sets                         map[string][]string // rule file (weapons, targets) -> classes
	Evidence                     []Evidence
	Provenance                   Provenance
	// contextCountry is the country of the story around an incident placed
	// nowhere: its country when, merged, it is still placed nowhere.
	contextCountry string
	// contextRegion is the region of the story around an incident placed
	// in no town and no region ("Al-Shabab fighters hijacked a bus there").
	contextRegion string
	// reported: Date is the day the act was reported, not done.
	reported bool
	// dateRange: Date is the first day of a range ("2-13 January").
	dateRange bool
	// apart: a later act of its own (incident.apart), never merged.
	apart bool
	// block: the paragraph of the sentence that opened it.
	block int
}

// settleCountry gives an incident placed nowhere the country of its story,
// and, in a report (a chronology's entries lie each in its own region), one
// placed in no town and no region the story's region.
func (d *draft) settleCountry(chronology bool) {
	if d.Place == nil && d.Region == nil && d.Country == nil && d.contextCountry != "" {
		d.Country = &d.contextCountry
		d.Provenance["country"] = "country:document-context [" + d.contextCountry + "]"
	}
	if !chronology && d.Place == nil && d.Region == nil && d.contextRegion != "" {
		d.Region = &d.contextRegion
		d.Provenance["region"] = "region:document-context [" + d.contextRegion + "]"
	}
}

func newDraft() draft {
	return draft{Counts: map[string]*int{}, Sets: map[string][]string{}}
}

// hasCount reports whether any count is known.
func (d *draft) hasCount() bool {
	for _, v := range d.Counts {
		if v != nil {
			return true
		}
	}
	return false
}

// toRecord lays the draft out in the schema's fields.
func (d *draft) toRecord(doc string, s *rules.Schema) Record {
	f := NewFields(s)
	for _, fd := range s.Fields {
		switch fd.Kind {
		case rules.KindCategory:
			f.PutText(fd.Name, strPtr(d.Category))
		case rules.KindDate:
			f.PutText(fd.Name, d.Date)
		case rules.KindText:
			switch fd.From {
			case rules.FromPlace:
				f.PutText(fd.Name, d.Place)
			case rules.FromRegion:
				f.PutText(fd.Name, d.Region)
			case rules.FromCountry:
				f.PutText(fd.Name, d.Country)
			case rules.FromGroup:
				f.PutText(fd.Name, d.Perpetrator)
			}
		case rules.KindCount:
			f.PutCount(fd.Name, d.Counts[fd.Name])
		case rules.KindSet:
			f.PutList(fd.Name, d.Sets[fd.From])
		}
	}
	return Record{Doc: doc, ID: d.ID, Fields: f, Evidence: d.Evidence, Provenance: d.Provenance}
}

// hasHarm reports a count of people killed or injured; hasArrest one of
// people arrested (effects of the word classes harm_effect and
// arrest_effect).
func (b *builder) hasHarm(counts map[string]*int) bool { return b.hasEffect(counts, b.harm) }

func (b *builder) hasArrest(counts map[string]*int) bool { return b.hasEffect(counts, b.arrestEff) }

func (b *builder) hasEffect(counts map[string]*int, effects map[string]bool) bool {
	for name, v := range counts {
		if f := b.rs.Schema.Field(name); v != nil && f != nil && effects[f.Effect] {
			return true
		}
	}
	return false
}
