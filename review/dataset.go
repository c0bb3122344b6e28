package review

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"incidentkit/dataset"
	"incidentkit/rules"
)

// mapScale is the world outline's units per degree (see worldgen).
const mapScale = 4

// DatasetPage is the dataset view: one row per canonical incident and a map.
type DatasetPage struct {
	Columns   []column
	Rows      []incidentRow
	Conflicts int // incidents with a conflict
	World     string
	Points    []mapPoint
	Width     int
	Height    int
}

type incidentRow struct {
	ID        string
	Cells     []cell
	Sources   []sourceLink
	Conflicts []conflictView
	Located   string // geo precision, "" when not on the map
}

type column struct {
	Name    string
	Numeric bool
}

type cell struct {
	Value    string
	Sort     string // what the column sorts by
	Numeric  bool
	Conflict bool
}

type sourceLink struct{ Doc, File string }

type conflictView struct {
	Field  string
	Values []conflictValue
}

type conflictValue struct{ Value, Doc, File string }

type mapPoint struct {
	X, Y  float64
	ID    string
	Label string
}

// NewDataset builds the dataset view of the incidents.
func (s *Site) NewDataset(incs []dataset.Incident) *DatasetPage {
	d := &DatasetPage{World: s.world, Width: 360 * mapScale, Height: 180 * mapScale}
	var fields []rules.Field
	for _, f := range s.schema.Fields {
		if f.Kind != rules.KindSet {
			fields = append(fields, f)
			d.Columns = append(d.Columns, column{Name: f.Name, Numeric: f.Kind == rules.KindCount})
		}
	}
	for _, inc := range incs {
		row := incidentRow{ID: inc.ID}
		for _, f := range fields {
			v := inc.Fields.Format(f.Name)
			c := cell{Value: v, Sort: v}
			if f.Kind == rules.KindCount {
				c.Numeric = true
				if n := inc.Fields.Count(f.Name); n != nil {
					c.Sort = fmt.Sprint(*n)
				} else {
					c.Sort = "-1"
				}
			}
			if v == "null" {
				c.Value = ""
			}
			_, c.Conflict = inc.Conflicts[f.Name]
			row.Cells = append(row.Cells, c)
		}
		for _, src := range inc.Sources {
			row.Sources = append(row.Sources, sourceLink{Doc: src.Doc, File: DocFile(src.Doc)})
		}
		for _, f := range s.schema.Fields {
			vals, ok := inc.Conflicts[f.Name]
			if !ok {
				continue
			}
			cv := conflictView{Field: f.Name}
			for _, sv := range vals {
				cv.Values = append(cv.Values, conflictValue{Value: showAny(sv.Value), Doc: sv.Doc, File: DocFile(sv.Doc)})
			}
			row.Conflicts = append(row.Conflicts, cv)
		}
		if len(row.Conflicts) > 0 {
			d.Conflicts++
		}
		if inc.Lat != nil && inc.Lon != nil {
			row.Located = inc.GeoPrecision
			d.Points = append(d.Points, mapPoint{
				X: (*inc.Lon + 180) * mapScale, Y: (90 - *inc.Lat) * mapScale, ID: inc.ID,
				Label: fmt.Sprintf("%s %s %s", inc.Fields.Format("date"), inc.Fields.Format("category"), locationOf(inc)),
			})
		}
		d.Rows = append(d.Rows, row)
	}
	return d
}

func locationOf(inc dataset.Incident) string {
	var parts []string
	for _, f := range []string{"place", "region", "country"} {
		if t := inc.Fields.Text(f); t != nil && *t != "" {
			parts = append(parts, *t)
		}
	}
	return strings.Join(parts, ", ")
}

// showAny shows a conflicting value as JSON gives it (149, "Moscow").
func showAny(v any) string {
	if s, ok := v.(string); ok {
		return s
	}
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprint(v)
	}
	return string(b)
}

// WriteDataset writes the dataset page.
func (s *Site) WriteDataset(w io.Writer, d *DatasetPage) error {
	return s.render(w, view{Title: "Review: dataset", Kind: "dataset", Dataset: d})
}
