package pipeline

import (
	"bufio"
	"os"
	"strings"
	"testing"
)

// readTSV reads a tab-separated table with a header line into maps.
func readTSV(t *testing.T, path string) []map[string]string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	var head []string
	var rows []map[string]string
	for sc.Scan() {
		cells := strings.Split(sc.Text(), "\t")
		if head == nil {
			head = cells
			continue
		}
		row := map[string]string{}
		for i, h := range head {
			if i < len(cells) {
				row[h] = cells[i]
			}
		}
		rows = append(rows, row)
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return rows
}

// Page leftovers in plain text: each "drop" line of the table, set between
// two paragraphs of a story, is gone from the cleaned text; each "keep"
// line (headings and list items of chronologies, country lines, short
// sentences, quotes, table rows, headlines) stays.
func TestPageLeftovers(t *testing.T) {
	e := engine(t)
	rows := readTSV(t, "testdata/leftovers.tsv")
	drops, keeps := 0, 0
	const before, after = "Gunmen attacked a police post in the town on Monday.", "Two officers were wounded in the attack."
	for _, r := range rows {
		line := r["line"]
		c := e.cleaner.Clean(before + "\n" + line + "\n" + after)
		// What the line becomes when kept: a heading's title, an item's text;
		// a dateline is a block of its own before its sentence.
		want := strings.TrimSpace(strings.Trim(strings.TrimLeft(line, "-•* "), "= "))
		has := strings.Contains(strings.ReplaceAll(c.Text, "\n\n", " "), want)
		switch r["verdict"] {
		case "drop":
			drops++
			if has {
				t.Errorf("kept the leftover %q (%s)", line, r["note"])
			}
		case "keep":
			keeps++
			if !has && !strings.HasPrefix(line, "|") && strings.Count(line, " | ") < 2 {
				t.Errorf("dropped %q (%s)", line, r["note"])
			}
		}
		if !strings.Contains(c.Text, before) || !strings.Contains(c.Text, after) {
			t.Errorf("with %q the story itself was cut: %q", line, c.Text)
		}
	}
	if drops < 25 || keeps < 25 {
		t.Fatalf("table has %d drops and %d keeps, want 25 of each", drops, keeps)
	}
}
