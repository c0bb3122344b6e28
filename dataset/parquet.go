package dataset

import (
	"context"
	"fmt"
	"io"
	"time"

	"github.com/parquet-go/parquet-go"
	"github.com/parquet-go/parquet-go/compress/zstd"
)

// parquetNode is the Parquet type of a column kind: nullable integers
// (INT64), doubles and strings, DATE for civil dates, LIST<STRING> for
// lists; nested JSON goes as its text. pandas, R's arrow and DuckDB read
// them as Int64/float/str, date and list columns.
func parquetNode(k Kind) parquet.Node {
	switch k {
	case KindInt:
		return parquet.Optional(parquet.Int(64))
	case KindFloat:
		return parquet.Optional(parquet.Leaf(parquet.DoubleType))
	case KindDate:
		return parquet.Optional(parquet.Date())
	case KindList:
		return parquet.List(parquet.String())
	}
	return parquet.Optional(parquet.String())
}

// parquetSchema is the file schema of a layout. A Parquet group orders its
// columns by name, so readers see them sorted, not in CSV order.
func (l *Layout) parquetSchema() *parquet.Schema {
	g := parquet.Group{}
	for _, c := range l.Columns {
		g[c.Name] = parquetNode(c.Kind)
	}
	return parquet.NewSchema("incident", g)
}

// parquetValue is a cell as the Parquet writer takes it.
func parquetValue(k Kind, c Cell) (any, error) {
	switch {
	case k == KindList:
		return c.List, nil
	case c.Null:
		return nil, nil
	case k == KindInt:
		return c.Int, nil
	case k == KindFloat:
		return c.Float, nil
	case k == KindDate:
		t, err := time.Parse(time.DateOnly, c.Text)
		if err != nil {
			return nil, err
		}
		return t, nil
	case k == KindJSON:
		return string(c.JSON), nil
	}
	return c.Text, nil
}

// parquetRowGroup is the most rows a Parquet row group holds.
const parquetRowGroup = 8192

func (s *Store) writeParquet(ctx context.Context, w io.Writer, l *Layout) (ExportStats, error) {
	var st ExportStats
	// A row group is buffered until it is full: bounded, so that memory
	// holds one group's pages, not the whole file's.
	pw := parquet.NewWriter(w, l.parquetSchema(), parquet.Compression(&zstd.Codec{}),
		parquet.MaxRowsPerRowGroup(parquetRowGroup), parquet.CreatedBy("incidentkit", "", ""))
	var cells []Cell
	err := s.eachRow(ctx, func(r *row) error {
		cells = l.cells(r, cells)
		m := make(map[string]any, len(l.Columns))
		for i, c := range l.Columns {
			v, err := parquetValue(c.Kind, cells[i])
			if err != nil {
				return fmt.Errorf("incident %s: %s: %w", r.inc.ID, c.Name, err)
			}
			m[c.Name] = v
		}
		st.Rows++
		return pw.Write(m)
	})
	if err != nil {
		return st, err
	}
	return st, pw.Close()
}
