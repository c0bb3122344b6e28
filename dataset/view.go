package dataset

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"incidentkit/rules"
)

// FieldsView is the view of the canonical incidents with one typed column
// per field (TEXT, INTEGER for counts, JSON array text for sets), then
// lat, lon (REAL), geo_precision and source_count, for SQL users who would
// otherwise unpick the json column.
const FieldsView = "incident_fields"

// SetSchema (re)creates FieldsView for a schema, in one transaction, when
// its definition changed. The view follows fields.yaml, so it is made by
// the commands that write the store rather than by a fixed migration.
func (s *Store) SetSchema(ctx context.Context, schema *rules.Schema) error {
	want := fieldsViewSQL(schema)
	var have string
	err := s.db.QueryRowContext(ctx, `SELECT sql FROM sqlite_master WHERE type = 'view' AND name = ?`, FieldsView).Scan(&have)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return fmt.Errorf("dataset: %s: %w", FieldsView, err)
	}
	if have == want {
		return nil
	}
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("dataset: %s: %w", FieldsView, err)
	}
	defer tx.Rollback()
	for _, q := range []string{`DROP VIEW IF EXISTS ` + FieldsView, want} {
		if _, err := tx.ExecContext(ctx, q); err != nil {
			return fmt.Errorf("dataset: %s: %w", FieldsView, err)
		}
	}
	return tx.Commit()
}

func fieldsViewSQL(schema *rules.Schema) string {
	cols := []string{"id", "ord"}
	for _, f := range schema.Fields {
		path := sqlString("$." + jsonPathKey(f.Name))
		expr := "json_extract(json, " + path + ")"
		if f.Kind == rules.KindCount {
			expr = "CAST(" + expr + " AS INTEGER)"
		} // a set comes out as its JSON array text
		cols = append(cols, expr+" AS "+sqlIdent(f.Name))
	}
	cols = append(cols,
		`CAST(json_extract(json, '$.lat') AS REAL) AS lat`,
		`CAST(json_extract(json, '$.lon') AS REAL) AS lon`,
		`nullif(json_extract(json, '$.geo_precision'), '') AS geo_precision`,
		`json_array_length(json, '$.sources') AS source_count`)
	return "CREATE VIEW " + FieldsView + " AS SELECT " + strings.Join(cols, ", ") + " FROM incidents"
}

// jsonPathKey quotes a key for a JSON path when it is not a plain name.
func jsonPathKey(name string) string {
	for _, r := range name {
		if !(r == '_' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9') {
			return `"` + strings.ReplaceAll(name, `"`, `\"`) + `"`
		}
	}
	return name
}

func sqlString(s string) string { return "'" + strings.ReplaceAll(s, "'", "''") + "'" }

func sqlIdent(s string) string { return `"` + strings.ReplaceAll(s, `"`, `""`) + `"` }
