package golden

import "incidentkit/rules"

// Fold normalises a text value as the scorer compares it: NFKD, case-folded,
// diacritics and every non-alphanumeric character removed ("Katyr-Yurt" and
// "katyr yurt" fold alike).
func Fold(s string) string { return newFolder().fold(s) }

// FoldField normalises a value of a field as the scorer compares it (see
// Scorer.Score): names fold word by word, without the field's unit words.
func (g *Scorer) FoldField(field, s string) string {
	f := g.schema.Field(field)
	if f == nil || f.Kind != rules.KindText {
		return s
	}
	if f.Compare == "name" {
		return newFolder().foldName(s, *f)
	}
	return newFolder().fold(s)
}
