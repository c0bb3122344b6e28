package dataset

import (
	"encoding/json"
	"fmt"

	"incidentkit/pipeline"
)

// The store keeps, beside each record's JSON, its blocking keys as columns
// (family, country, date at the record's precision, place) and the view the
// clustering reads, so that a merge finds a block's records through an index
// and reads a few hundred bytes per record instead of its evidence and
// provenance.

// blockCols are a record's blocking columns and stored view.
type blockCols struct {
	category, family, country string
	date, place               *string
	view                      string
}

// storedView is view as the records.view column holds it (doc and the
// coordinates come from elsewhere: the doc column and the gazetteer).
type storedView struct {
	Category string   `json:"c"`
	Date     *string  `json:"d,omitempty"`
	Place    *string  `json:"p,omitempty"`
	Region   *string  `json:"r,omitempty"`
	Country  *string  `json:"n,omitempty"`
	Group    *string  `json:"g,omitempty"`
	Weapons  []string `json:"w,omitempty"`
	Targets  []string `json:"t,omitempty"`
}

func (k Knowledge) blocking(r *pipeline.Record) blockCols {
	v := k.view(r)
	js, _ := json.Marshal(storedView{Category: v.category, Date: v.date, Place: v.place, Region: v.region,
		Country: v.country, Group: v.group, Weapons: v.weapons, Targets: v.targets}) // strings and lists: cannot fail
	fam, country := k.chunkKey(&v)
	return blockCols{category: v.category, family: fam, country: country, date: v.date, place: v.place, view: string(js)}
}

// readView rebuilds the view of a stored record.
func (k Knowledge) readView(doc, stored string) (view, error) {
	var sv storedView
	if err := json.Unmarshal([]byte(stored), &sv); err != nil {
		return view{}, fmt.Errorf("record view of %s: %w", doc, err)
	}
	v := view{doc: doc, category: sv.Category, date: sv.Date, place: sv.Place, region: sv.Region,
		country: sv.Country, group: sv.Group, weapons: sv.Weapons, targets: sv.Targets}
	k.locateView(&v)
	return v, nil
}
