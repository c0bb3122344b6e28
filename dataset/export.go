package dataset

import (
	"bufio"
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"

	"incidentkit/pipeline"
	"incidentkit/rules"
)

// Formats lists the export formats.
func Formats() []string { return []string{"jsonl", "csv", "geojson"} }

// Incidents reads the canonical incidents in dataset order (date, then id),
// all at once: for tests and the scorer. Exports stream (EachIncident).
func (s *Store) Incidents(ctx context.Context) ([]Incident, error) {
	var out []Incident
	err := s.EachIncident(ctx, func(inc Incident) error {
		out = append(out, inc)
		return nil
	})
	return out, err
}

// ExportStats is what an export wrote.
type ExportStats struct {
	Rows     int
	Unplaced int // GeoJSON: incidents left out for want of coordinates
}

// Export writes the canonical incidents in format to w: JSON Lines (sources
// and conflicts nested), CSV (one column per field, sources and conflicts as
// JSON text columns plus flat summaries a spreadsheet can filter on) or a
// GeoJSON FeatureCollection of the incidents that have coordinates.
// The schema lays out the CSV columns.
// Rows are written as they are read (EachIncident): memory holds one
// incident whatever the dataset's size.
func (s *Store) Export(ctx context.Context, format string, schema *rules.Schema, w io.Writer) (ExportStats, error) {
	incs := func(fn func(Incident) error) error { return s.EachIncident(ctx, fn) }
	bw := bufio.NewWriter(w)
	var (
		st  ExportStats
		err error
	)
	switch format {
	case "jsonl":
		st, err = writeJSONL(bw, incs)
	case "csv":
		st, err = writeCSV(bw, schema, incs)
	case "geojson":
		st, err = writeGeoJSON(bw, incs)
	default:
		return st, fmt.Errorf("dataset: unknown format %q (want %s)", format, strings.Join(Formats(), ", "))
	}
	if err != nil {
		return st, fmt.Errorf("dataset: export %s: %w", format, err)
	}
	if err := bw.Flush(); err != nil {
		return st, fmt.Errorf("dataset: export %s: %w", format, err)
	}
	return st, nil
}

func marshal(v any) ([]byte, error) {
	var b strings.Builder
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return []byte(strings.TrimSuffix(b.String(), "\n")), nil
}

// incidents walks the incidents in dataset order (EachIncident).
type incidents func(func(Incident) error) error

func writeJSONL(w io.Writer, incs incidents) (ExportStats, error) {
	var st ExportStats
	err := incs(func(inc Incident) error {
		js, err := marshal(inc)
		if err != nil {
			return err
		}
		if _, err := fmt.Fprintf(w, "%s\n", js); err != nil {
			return err
		}
		st.Rows++
		return nil
	})
	return st, err
}

// csvHeader: id, one column per field of the schema, coordinates, then the
// sources and conflicts.
func csvHeader(schema *rules.Schema) []string {
	return append(append([]string{"id"}, schema.Names()...), "lat", "lon",
		"source_count", "source_docs", "source_ids", "conflict_fields", "sources", "conflicts")
}

// csvValue writes a field value for a spreadsheet: empty for null, sets
// joined by ";".
func csvValue(v pipeline.Value) string {
	switch {
	case v.Set != nil:
		return strings.Join(v.Set, ";")
	case v.Count != nil:
		return strconv.Itoa(*v.Count)
	case v.Text != nil:
		return *v.Text
	}
	return ""
}

func writeCSV(w io.Writer, schema *rules.Schema, incs incidents) (ExportStats, error) {
	cw := csv.NewWriter(w)
	if err := cw.Write(csvHeader(schema)); err != nil {
		return ExportStats{}, err
	}
	flt := func(f *float64) string {
		if f == nil {
			return ""
		}
		return strconv.FormatFloat(*f, 'f', -1, 64)
	}
	var st ExportStats
	err := incs(func(inc Incident) error {
		var docs, ids []string
		for _, s := range inc.Sources {
			docs = append(docs, s.Doc)
			ids = append(ids, s.ID)
		}
		fields := make([]string, 0, len(inc.Conflicts))
		for f := range inc.Conflicts {
			fields = append(fields, f)
		}
		sort.Strings(fields)
		srcJS, err := marshal(inc.Sources)
		if err != nil {
			return err
		}
		confJS, err := marshal(inc.Conflicts)
		if err != nil {
			return err
		}
		row := []string{inc.ID}
		for _, f := range schema.Fields {
			row = append(row, csvValue(inc.Fields.Get(f.Name)))
		}
		row = append(row, flt(inc.Lat), flt(inc.Lon),
			strconv.Itoa(len(inc.Sources)), strings.Join(docs, ";"), strings.Join(ids, ";"), strings.Join(fields, ";"),
			string(srcJS), string(confJS))
		if err := cw.Write(row); err != nil {
			return err
		}
		st.Rows++
		return nil
	})
	if err != nil {
		return st, err
	}
	cw.Flush()
	return st, cw.Error()
}

type geoFeature struct {
	Type       string      `json:"type"`
	ID         string      `json:"id"`
	Geometry   geoGeometry `json:"geometry"`
	Properties Incident    `json:"properties"`
}

type geoGeometry struct {
	Type        string     `json:"type"`
	Coordinates [2]float64 `json:"coordinates"` // GeoJSON order: lon, lat
}

func writeGeoJSON(w io.Writer, incs incidents) (ExportStats, error) {
	var st ExportStats
	if _, err := io.WriteString(w, `{"type":"FeatureCollection","features":[`); err != nil {
		return st, err
	}
	err := incs(func(inc Incident) error {
		if inc.Lat == nil || inc.Lon == nil {
			st.Unplaced++
			return nil
		}
		f := geoFeature{Type: "Feature", ID: inc.ID, Geometry: geoGeometry{Type: "Point", Coordinates: [2]float64{*inc.Lon, *inc.Lat}}, Properties: inc}
		js, err := marshal(f)
		if err != nil {
			return err
		}
		sep := ",\n"
		if st.Rows == 0 {
			sep = "\n"
		}
		if _, err := io.WriteString(w, sep+string(js)); err != nil {
			return err
		}
		st.Rows++
		return nil
	})
	if err != nil {
		return st, err
	}
	_, err = io.WriteString(w, "\n]}\n")
	return st, err
}
