package dataset

import (
	"bufio"
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// Formats lists the export formats.
func Formats() []string {
	var out []string
	for _, w := range writers() {
		out = append(out, w.format)
	}
	return out
}

// writer is one export format.
type writer struct {
	format string
	write  func(s *Store, ctx context.Context, w io.Writer, opt ExportOptions) (ExportStats, error)
}

func writers() []writer {
	return []writer{
		{"jsonl", func(s *Store, ctx context.Context, w io.Writer, opt ExportOptions) (ExportStats, error) {
			return s.writeJSONL(ctx, w, opt.Layout)
		}},
		{"csv", func(s *Store, ctx context.Context, w io.Writer, opt ExportOptions) (ExportStats, error) {
			return s.writeCSV(ctx, w, opt.Layout, opt.BOM)
		}},
		{"geojson", func(s *Store, ctx context.Context, w io.Writer, opt ExportOptions) (ExportStats, error) {
			return s.writeGeoJSON(ctx, w, opt.Layout)
		}},
		{"parquet", func(s *Store, ctx context.Context, w io.Writer, opt ExportOptions) (ExportStats, error) {
			return s.writeParquet(ctx, w, opt.Layout)
		}},
	}
}

// Incidents reads the canonical incidents in dataset order (date, then id),
// all at once: for tests and the scorer. Exports stream (eachRow).
func (s *Store) Incidents(ctx context.Context) ([]Incident, error) {
	var out []Incident
	err := s.EachIncident(ctx, func(inc Incident) error {
		out = append(out, inc)
		return nil
	})
	return out, err
}

// eachRow streams the canonical incidents in dataset order, each with the
// metadata of its source documents, so an export holds one incident at a
// time however large the dataset.
func (s *Store) eachRow(ctx context.Context, fn func(r *row) error) error {
	rows, err := s.db.QueryContext(ctx, `SELECT i.json,
		(SELECT json_group_array(json_array(d.id, d.published, d.url, d.title, d.source))
		 FROM documents d WHERE d.id IN (SELECT json_extract(value, '$.doc') FROM json_each(i.json, '$.sources')))
		FROM incidents i ORDER BY i.ord, i.id`)
	if err != nil {
		return fmt.Errorf("dataset: read incidents: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var js, docs string
		if err := rows.Scan(&js, &docs); err != nil {
			return fmt.Errorf("dataset: read incidents: %w", err)
		}
		r := row{docs: map[string]docMeta{}}
		if err := json.Unmarshal([]byte(js), &r.inc); err != nil {
			return fmt.Errorf("dataset: read incidents: %w", err)
		}
		var metas [][5]string
		if err := json.Unmarshal([]byte(docs), &metas); err != nil {
			return fmt.Errorf("dataset: read incident %s sources: %w", r.inc.ID, err)
		}
		for _, m := range metas {
			r.docs[m[0]] = docMeta{Published: m[1], URL: m[2], Title: m[3], Outlet: m[4]}
		}
		if err := fn(&r); err != nil {
			return err
		}
	}
	return rows.Err()
}

// ExportStats is what an export wrote.
type ExportStats struct {
	Rows     int
	Unplaced int // GeoJSON: incidents left out for want of coordinates
}

// ExportOptions choose the format and the layout of an export.
type ExportOptions struct {
	Format string // one of Formats
	Layout *Layout
	BOM    bool // CSV: start with a UTF-8 byte order mark (spreadsheets read the file as UTF-8)
}

// Export writes the canonical incidents to w as they are read from the
// store: JSON Lines (one object per incident, sources and conflicts
// nested), CSV (lists ;-joined, sources and conflicts as JSON text, cells
// neutralised against formula injection), a GeoJSON FeatureCollection of the
// incidents with a point, or Parquet (typed columns). The layout gives the
// columns, the same in every format.
func (s *Store) Export(ctx context.Context, w io.Writer, opt ExportOptions) (ExportStats, error) {
	bw := bufio.NewWriterSize(w, 1<<16)
	var (
		st  ExportStats
		err error
	)
	found := false
	for _, wr := range writers() {
		if wr.format == opt.Format {
			st, err = wr.write(s, ctx, bw, opt)
			found = true
		}
	}
	if !found {
		return st, fmt.Errorf("dataset: unknown format %q (want %s)", opt.Format, strings.Join(Formats(), ", "))
	}
	if err != nil {
		return st, fmt.Errorf("dataset: export %s: %w", opt.Format, err)
	}
	if err := bw.Flush(); err != nil {
		return st, fmt.Errorf("dataset: export %s: %w", opt.Format, err)
	}
	return st, nil
}

func marshal(v any) ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(b.Bytes(), []byte("\n")), nil
}

// appendObject writes a row as a JSON object, columns in layout order.
func (l *Layout) appendObject(b *bytes.Buffer, cells []Cell) error {
	b.WriteByte('{')
	for i, c := range l.Columns {
		if i > 0 {
			b.WriteByte(',')
		}
		k, _ := marshal(c.Name)
		b.Write(k)
		b.WriteByte(':')
		v, err := marshal(jsonValue(c.Kind, cells[i]))
		if err != nil {
			return fmt.Errorf("column %s: %w", c.Name, err)
		}
		b.Write(v)
	}
	b.WriteByte('}')
	return nil
}

func (s *Store) writeJSONL(ctx context.Context, w io.Writer, l *Layout) (ExportStats, error) {
	var st ExportStats
	var cells []Cell
	var b bytes.Buffer
	err := s.eachRow(ctx, func(r *row) error {
		cells = l.cells(r, cells)
		b.Reset()
		if err := l.appendObject(&b, cells); err != nil {
			return err
		}
		b.WriteByte('\n')
		st.Rows++
		_, err := w.Write(b.Bytes())
		return err
	})
	return st, err
}

// csvSafe neutralises a text cell a spreadsheet would run as a formula: one
// starting with =, +, -, @, a tab or a carriage return gets a leading ' (the
// OWASP advice for CSV injection). Numbers we write ourselves (counts,
// coordinates such as -73.9) are left alone.
func csvSafe(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}

// csvCell writes a cell for a spreadsheet: empty for null, lists ;-joined.
func csvCell(k Kind, c Cell) string {
	if c.Null {
		return ""
	}
	switch k {
	case KindInt:
		return strconv.FormatInt(c.Int, 10)
	case KindFloat:
		return strconv.FormatFloat(c.Float, 'f', -1, 64)
	case KindDate:
		return c.Text
	case KindList:
		parts := make([]string, len(c.List))
		for i, v := range c.List {
			parts[i] = csvSafe(v)
		}
		return strings.Join(parts, ";")
	case KindJSON:
		return csvSafe(string(c.JSON))
	}
	return csvSafe(c.Text)
}

func (s *Store) writeCSV(ctx context.Context, w io.Writer, l *Layout, bom bool) (ExportStats, error) {
	var st ExportStats
	if bom {
		if _, err := io.WriteString(w, "\ufeff"); err != nil {
			return st, err
		}
	}
	cw := csv.NewWriter(w)
	header := make([]string, len(l.Columns))
	for i, c := range l.Columns {
		header[i] = c.Name
	}
	if err := cw.Write(header); err != nil {
		return st, err
	}
	var cells []Cell
	rec := make([]string, len(l.Columns))
	err := s.eachRow(ctx, func(r *row) error {
		cells = l.cells(r, cells)
		for i, c := range l.Columns {
			rec[i] = csvCell(c.Kind, cells[i])
		}
		st.Rows++
		return cw.Write(rec)
	})
	if err != nil {
		return st, err
	}
	cw.Flush()
	return st, cw.Error()
}

func (s *Store) writeGeoJSON(ctx context.Context, w io.Writer, l *Layout) (ExportStats, error) {
	var st ExportStats
	if _, err := io.WriteString(w, `{"type":"FeatureCollection","features":[`); err != nil {
		return st, err
	}
	var cells []Cell
	var b bytes.Buffer
	err := s.eachRow(ctx, func(r *row) error {
		if r.inc.Lat == nil || r.inc.Lon == nil {
			st.Unplaced++
			return nil
		}
		cells = l.cells(r, cells)
		b.Reset()
		if st.Rows > 0 {
			b.WriteByte(',')
		}
		id, _ := marshal(r.inc.ID)
		// GeoJSON order: longitude, latitude.
		fmt.Fprintf(&b, "\n"+`{"type":"Feature","id":%s,"geometry":{"type":"Point","coordinates":[%s,%s]},"properties":`,
			id, strconv.FormatFloat(*r.inc.Lon, 'f', -1, 64), strconv.FormatFloat(*r.inc.Lat, 'f', -1, 64))
		if err := l.appendObject(&b, cells); err != nil {
			return err
		}
		b.WriteByte('}')
		st.Rows++
		_, err := w.Write(b.Bytes())
		return err
	})
	if err != nil {
		return st, err
	}
	_, err = io.WriteString(w, "\n]}\n")
	return st, err
}
