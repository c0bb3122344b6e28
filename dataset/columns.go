package dataset

import (
	"encoding/json"
	"fmt"
	"io/fs"
	"sort"
	"strconv"
	"strings"
	"time"

	"incidentkit/rules"
)

// Kind is the type of an exported column.
type Kind int

// Column kinds.
const (
	KindText  Kind = iota
	KindInt        // an integer
	KindFloat      // a coordinate
	KindDate       // a civil date (YYYY-MM-DD)
	KindList       // a list of strings
	KindJSON       // nested JSON (JSON text in CSV and Parquet)
)

// Cell is one value of a row; Null is a missing value (an empty list is
// not null).
type Cell struct {
	Null  bool
	Text  string // KindText, KindDate (YYYY-MM-DD)
	Int   int64
	Float float64
	List  []string
	JSON  []byte
}

// Column is one exported column.
type Column struct {
	Name string
	Kind Kind
	get  func(r *row) Cell
}

// Layout is how every export lays out an incident: id, the schema's fields,
// then derived columns in GTD's and ACLED's terms (exports.yaml), location,
// and the sources.
type Layout struct {
	Columns []Column
	Exports *rules.Exports
}

// row is one incident with the metadata of its source documents.
type row struct {
	inc  Incident
	docs map[string]docMeta
}

// docMeta is what the exports say of a source document.
type docMeta struct {
	Published, URL, Title, Outlet string
}

// LoadLayout reads the schema (fields.yaml) and exports.yaml of a rules tree
// and lays out the columns.
func LoadLayout(fsys fs.FS) (*Layout, error) {
	schema, err := rules.LoadSchema(fsys, "fields.yaml")
	if err != nil {
		return nil, err
	}
	x, err := rules.LoadExports(fsys, schema)
	if err != nil {
		return nil, err
	}
	return NewLayout(schema, x)
}

// NewLayout lays out the columns of a schema and an export table; every
// column must have its GTD and ACLED names in the table.
func NewLayout(schema *rules.Schema, x *rules.Exports) (*Layout, error) {
	l := &Layout{Exports: x}
	add := func(name string, kind Kind, get func(r *row) Cell) {
		l.Columns = append(l.Columns, Column{Name: name, Kind: kind, get: get})
	}
	add("id", KindText, func(r *row) Cell { return text(&r.inc.ID) })
	for _, f := range schema.Fields {
		if f.Name == x.AttackField {
			continue // written with its GTD name below
		}
		name := f.Name
		switch f.Kind {
		case rules.KindCount:
			add(name, KindInt, func(r *row) Cell { return count(r.inc.Fields.Count(name)) })
		case rules.KindSet:
			add(name, KindList, func(r *row) Cell { return list(r.inc.Fields.List(name)) })
		default:
			add(name, KindText, func(r *row) Cell { return text(r.inc.Fields.Text(name)) })
		}
	}
	dateField := ""
	if ds := schema.Of(rules.KindDate); len(ds) > 0 {
		dateField = ds[0].Name
	}
	date := func(r *row) civil { return parseCivil(r.inc.Fields.Text(dateField)) }
	add("date_precision", KindText, func(r *row) Cell { return textOrNull(date(r).precision()) })
	add("iyear", KindInt, func(r *row) Cell { return Cell{Int: int64(date(r).y)} })
	add("imonth", KindInt, func(r *row) Cell { return Cell{Int: int64(date(r).m)} })
	add("iday", KindInt, func(r *row) Cell { return Cell{Int: int64(date(r).d)} })
	add("date_start", KindDate, func(r *row) Cell { return textOrNull(date(r).start()) })
	add("nkill", KindInt, func(r *row) Cell { return sum(r, x.NKill) })
	add("nwound", KindInt, func(r *row) Cell { return sum(r, x.NWound) })
	attack := func(r *row) *string {
		if schema.Field(x.AttackField) == nil {
			return nil
		}
		return r.inc.Fields.Text(x.AttackField)
	}
	add("attack_type", KindText, func(r *row) Cell { return text(attack(r)) })
	add("attacktype1", KindInt, func(r *row) Cell {
		if t, ok := gtd(x.AttackTypes, attack(r)); ok {
			return Cell{Int: int64(t.Code)}
		}
		return Cell{Null: true}
	})
	add("attacktype1_txt", KindText, func(r *row) Cell {
		if t, ok := gtd(x.AttackTypes, attack(r)); ok {
			return Cell{Text: t.Name}
		}
		return Cell{Null: true}
	})
	add("weaptype_txt", KindList, func(r *row) Cell { return gtdList(x.Weapons, r.inc.Fields.List(x.WeaponsField)) })
	add("targtype_txt", KindList, func(r *row) Cell { return gtdList(x.Targets, r.inc.Fields.List(x.TargetsField)) })
	country := schema.From(rules.KindText, rules.FromCountry)
	add("country_iso2", KindText, func(r *row) Cell {
		if country == nil {
			return Cell{Null: true}
		}
		if c := r.inc.Fields.Text(country.Name); c != nil {
			return textOrNull(x.ISO2[*c])
		}
		return Cell{Null: true}
	})
	add("latitude", KindFloat, func(r *row) Cell { return float(r.inc.Lat) })
	add("longitude", KindFloat, func(r *row) Cell { return float(r.inc.Lon) })
	add("geo_precision", KindText, func(r *row) Cell { return textOrNull(r.inc.GeoPrecision) })
	add("source_count", KindInt, func(r *row) Cell { return Cell{Int: int64(len(r.inc.Sources))} })
	add("published_first", KindDate, func(r *row) Cell {
		first := ""
		for _, s := range r.inc.Sources {
			if p := r.docs[s.Doc].Published; p != "" && (first == "" || p < first) {
				first = p
			}
		}
		if t, err := time.Parse(time.RFC3339, first); err == nil {
			return Cell{Text: t.UTC().Format(time.DateOnly)}
		}
		return Cell{Null: true}
	})
	firstDoc := func(r *row) docMeta {
		if len(r.inc.Sources) == 0 {
			return docMeta{}
		}
		return r.docs[r.inc.Sources[0].Doc]
	}
	add("source_url", KindText, func(r *row) Cell { return textOrNull(firstDoc(r).URL) })
	add("source_title", KindText, func(r *row) Cell { return textOrNull(firstDoc(r).Title) })
	add("source_outlet", KindText, func(r *row) Cell { return textOrNull(firstDoc(r).Outlet) })
	add("source_docs", KindList, func(r *row) Cell {
		out := make([]string, len(r.inc.Sources))
		for i, s := range r.inc.Sources {
			out[i] = s.Doc
		}
		return Cell{List: out}
	})
	add("source_ids", KindList, func(r *row) Cell {
		out := make([]string, len(r.inc.Sources))
		for i, s := range r.inc.Sources {
			out[i] = s.ID
		}
		return Cell{List: out}
	})
	add("conflict_fields", KindList, func(r *row) Cell {
		out := make([]string, 0, len(r.inc.Conflicts))
		for f := range r.inc.Conflicts {
			out = append(out, f)
		}
		sort.Strings(out)
		return Cell{List: out}
	})
	add("sources", KindJSON, func(r *row) Cell { return jsonCell(r.inc.Sources) })
	add("conflicts", KindJSON, func(r *row) Cell { return jsonCell(r.inc.Conflicts) })
	for _, c := range l.Columns {
		if x.Column(c.Name) == nil {
			return nil, fmt.Errorf("rules: %s: column %s has no entry under columns (its GTD and ACLED names)", rules.ExportsFile, c.Name)
		}
	}
	return l, nil
}

func text(s *string) Cell {
	if s == nil {
		return Cell{Null: true}
	}
	return Cell{Text: *s}
}

func textOrNull(s string) Cell { return Cell{Text: s, Null: s == ""} }

func count(n *int) Cell {
	if n == nil {
		return Cell{Null: true}
	}
	return Cell{Int: int64(*n)}
}

func float(f *float64) Cell {
	if f == nil {
		return Cell{Null: true}
	}
	return Cell{Float: *f}
}

func list(l []string) Cell {
	if l == nil {
		l = []string{}
	}
	return Cell{List: l}
}

func jsonCell(v any) Cell {
	js, err := marshal(v)
	if err != nil {
		// Sources and conflicts were read from JSON: they always encode.
		panic(fmt.Sprintf("dataset: encode %T: %v", v, err))
	}
	return Cell{JSON: js}
}

// sum adds count fields, null when all are null.
func sum(r *row, fields []string) Cell {
	total, known := 0, false
	for _, f := range fields {
		if n := r.inc.Fields.Count(f); n != nil {
			total += *n
			known = true
		}
	}
	if !known {
		return Cell{Null: true}
	}
	return Cell{Int: int64(total)}
}

func gtd(table map[string]rules.GTDType, v *string) (rules.GTDType, bool) {
	if v == nil {
		return rules.GTDType{}, false
	}
	t, ok := table[*v]
	return t, ok
}

// gtdList maps our classes to GTD names, in GTD code order, each once.
func gtdList(table map[string]rules.GTDType, ours []string) Cell {
	var ts []rules.GTDType
	seen := map[string]bool{}
	for _, v := range ours {
		if t, ok := table[v]; ok && !seen[t.Name] {
			seen[t.Name] = true
			ts = append(ts, t)
		}
	}
	sort.Slice(ts, func(i, j int) bool { return ts[i].Code < ts[j].Code })
	out := make([]string, len(ts))
	for i, t := range ts {
		out[i] = t.Name
	}
	return Cell{List: out}
}

// civil is a date at the precision the text gives: 0 for what is unknown.
type civil struct{ y, m, d int }

func parseCivil(s *string) civil {
	if s == nil {
		return civil{}
	}
	var c civil
	parts := strings.SplitN(*s, "-", 3)
	for i, dst := range []*int{&c.y, &c.m, &c.d} {
		if i >= len(parts) {
			break
		}
		n, err := strconv.Atoi(parts[i])
		if err != nil {
			return civil{}
		}
		*dst = n
	}
	return c
}

func (c civil) precision() string {
	switch {
	case c.d > 0:
		return "day"
	case c.m > 0:
		return "month"
	case c.y > 0:
		return "year"
	}
	return ""
}

// start is the first day the date can be, YYYY-MM-DD; "" when unknown.
func (c civil) start() string {
	if c.y == 0 {
		return ""
	}
	return fmt.Sprintf("%04d-%02d-%02d", c.y, max(c.m, 1), max(c.d, 1))
}

// cells computes a row's cells in column order.
func (l *Layout) cells(r *row, out []Cell) []Cell {
	out = out[:0]
	for _, c := range l.Columns {
		out = append(out, c.get(r))
	}
	return out
}

// jsonValue is a cell as JSONL and GeoJSON write it.
func jsonValue(k Kind, c Cell) any {
	if c.Null {
		return nil
	}
	switch k {
	case KindInt:
		return c.Int
	case KindFloat:
		return c.Float
	case KindList:
		return c.List
	case KindJSON:
		return json.RawMessage(c.JSON)
	}
	return c.Text
}
