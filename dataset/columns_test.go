package dataset

import (
	"os"
	"strings"
	"testing"

	"incidentkit/rules"
)

func nameCell(s string) string {
	if s == "" {
		return "—"
	}
	return "`" + s + "`"
}

// README's column table is exports.yaml's columns list, and every exported
// column is in it, in layout order.
func TestReadmeColumnTable(t *testing.T) {
	l, err := LoadLayout(rules.Defaults())
	if err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	_, section, ok := strings.Cut(string(data), "### Columns, in GTD and ACLED terms")
	if !ok {
		t.Fatal(`README lacks "### Columns, in GTD and ACLED terms"`)
	}
	var got []string
	for _, line := range strings.Split(section, "\n") {
		if strings.HasPrefix(line, "| `") {
			got = append(got, line)
		}
		if strings.HasPrefix(line, "#") {
			break
		}
	}
	var want []string
	for _, c := range l.Columns {
		n := l.Exports.Column(c.Name)
		want = append(want, "| `"+c.Name+"` | "+nameCell(n.GTD)+" | "+nameCell(n.ACLED)+" | "+n.About+" |")
	}
	if len(l.Exports.Columns) != len(l.Columns) {
		t.Errorf("exports.yaml lists %d columns, the export writes %d", len(l.Exports.Columns), len(l.Columns))
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("README's column table differs from exports.yaml; want:\n%s", strings.Join(want, "\n"))
	}
}
